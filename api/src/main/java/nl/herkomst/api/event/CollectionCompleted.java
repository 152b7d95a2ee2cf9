package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.CollectionOutcome;

/** The collection ended. */
public record CollectionCompleted(
        CollectionId collectionId,
        CollectionOutcome outcome,
        int resources,
        int succeededQueries,
        int failedQueries,
        String reason,
        Instant completedAt) {
}
