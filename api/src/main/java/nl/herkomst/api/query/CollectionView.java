package nl.herkomst.api.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.herkomst.api.OperationOutcomeIssue;

/**
 * A collection's status for a front end and for support staff: per query what came back and, when
 * nothing did, why — an outcome code with messages for people ({@code nl}, {@code en}) and the details
 * (HTTP status, failure kind, OperationOutcome issues) for support.
 *
 * @param status  AWAITING_AUTHORIZATION, AUTHORIZED, FETCHING, or a final status: COMPLETED, PARTIAL, FAILED, NO_DATA, REFUSED
 * @param outcome an {@link nl.herkomst.api.OutcomeCode} once the collection ended
 * @param queriesDone how many of the {@code queriesTotal} queries have ended (for a progress bar)
 */
public record CollectionView(
        String collectionId,
        String personId,
        String provider,
        String gegevensdienst,
        String status,
        String outcome,
        Map<String, String> messages,
        String reason,
        int resources,
        int queriesDone,
        int queriesTotal,
        Instant requestedAt,
        Instant completedAt,
        List<QueryView> queries,
        /* the long-term consent it ran on, without the person; null when the person started it */
        String consentId) {

    /** True once the collection has ended: no more changes will come. */
    public boolean isFinal() {
        return List.of("COMPLETED", "PARTIAL", "FAILED", "NO_DATA", "REFUSED").contains(status);
    }

    /**
     * @param outcome an {@link nl.herkomst.api.OutcomeCode}
     */
    public record QueryView(
            String query,
            String outcome,
            Map<String, String> messages,
            int resources,
            int pages,
            Integer httpStatus,
            String failure,
            Integer failedPage,
            List<OperationOutcomeIssue> issues,
            String message) {
    }
}
