package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.CollectionOutcome;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;

/** The collection ended. */
public record CollectionCompleted(
        CollectionId collectionId,
        @Personal PersonId personId,
        CollectionOutcome outcome,
        int resources,
        int succeededQueries,
        int failedQueries,
        @Personal String reason,
        Instant completedAt) {
}
