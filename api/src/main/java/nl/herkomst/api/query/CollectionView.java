package nl.herkomst.api.query;

import java.time.Instant;
import java.util.List;

public record CollectionView(
        String collectionId,
        String personId,
        String provider,
        String gegevensdienst,
        String status,
        String reason,
        int resources,
        Instant requestedAt,
        Instant completedAt,
        List<QueryView> queries) {

    /**
     * @param outcome DATA, NO_DATA, FAILED or PENDING
     */
    public record QueryView(String query, String outcome, int resources, Integer httpStatus, String message) {
    }
}
