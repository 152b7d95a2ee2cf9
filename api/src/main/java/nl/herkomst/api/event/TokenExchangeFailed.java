package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;

/** The code could not be exchanged for a token (OAuth error, HTTP error, timeout). */
public record TokenExchangeFailed(
        CollectionId collectionId, @Personal PersonId personId, Integer httpStatus, String error, @Personal String errorDescription, Instant failedAt) {
}
