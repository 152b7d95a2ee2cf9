package nl.herkomst.api.command;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.OperationOutcomeIssue;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordQueryCompleted(
        @TargetAggregateIdentifier CollectionId collectionId, String query, List<OperationOutcomeIssue> diagnostics, Instant completedAt) {
}
