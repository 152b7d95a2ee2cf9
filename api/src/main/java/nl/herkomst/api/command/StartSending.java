package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.ShareId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Fails when the share was already sent (or is being sent): the POST happens at most once. */
public record StartSending(@TargetAggregateIdentifier ShareId shareId, String url, String requestId, Instant at) {
}
