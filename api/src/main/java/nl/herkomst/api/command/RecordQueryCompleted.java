package nl.herkomst.api.command;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordQueryCompleted(
        @TargetAggregateIdentifier CollectionId collectionId, String query, List<String> diagnostics, Instant completedAt) {
}
