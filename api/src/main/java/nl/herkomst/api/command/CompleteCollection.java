package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ends the collection; the aggregate derives the outcome from what it recorded. */
public record CompleteCollection(@TargetAggregateIdentifier CollectionId collectionId, String reason, Instant completedAt) {
}
