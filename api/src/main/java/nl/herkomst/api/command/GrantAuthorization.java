package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record GrantAuthorization(@TargetAggregateIdentifier CollectionId collectionId, Instant grantedAt) {
}
