package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.ConsentId;
import nl.herkomst.api.PersonId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The person withdraws their consent; {@code personId} must be the consent's own (another person's consent is not found). */
public record WithdrawConsent(@TargetAggregateIdentifier ConsentId consentId, PersonId personId, String by, Instant at) {
}
