package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.ConsentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record LapseConsent(@TargetAggregateIdentifier ConsentId consentId, String reason, String error, Instant at) {
}
