package nl.herkomst.api.event;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.FetchFailure;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;

/**
 * A query of the gegevensdienst failed. The other queries still run.
 *
 * @param httpStatus         null when no HTTP answer came (timeout, network)
 * @param operationOutcome   the issues of an OperationOutcome in the answer, as {@code severity code: text}
 * @param responseSha256     the stored response, when there was a body
 */
public record FetchFailed(
        CollectionId collectionId,
        @Personal PersonId personId,
        String query,
        int page,
        String url,
        Integer httpStatus,
        FetchFailure failure,
        @Personal String message,
        @Personal List<OperationOutcomeIssue> operationOutcome,
        String responseSha256,
        String requestId,
        Instant failedAt) {

    /** A personal list of an erased person reads back as null: it is an empty list here, so that no reader has to ask. */
    public FetchFailed {
        operationOutcome = operationOutcome == null ? List.of() : operationOutcome;
    }
}
