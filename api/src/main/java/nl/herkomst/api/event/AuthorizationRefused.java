package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;
import nl.herkomst.api.RefusalReason;

/** The authorization server answered the callback with an error instead of a code. */
public record AuthorizationRefused(
        CollectionId collectionId, @Personal PersonId personId, RefusalReason reason, String error, @Personal String errorDescription, Instant refusedAt) {
}
