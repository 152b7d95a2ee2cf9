package nl.herkomst.api.command;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.FetchFailure;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordFetchFailure(
        @TargetAggregateIdentifier CollectionId collectionId,
        String query,
        int page,
        String url,
        Integer httpStatus,
        String contentType,
        FetchFailure failure,
        String message,
        List<OperationOutcomeIssue> operationOutcome,
        String responseSha256,
        long size,
        String requestId,
        Instant failedAt) {
}
