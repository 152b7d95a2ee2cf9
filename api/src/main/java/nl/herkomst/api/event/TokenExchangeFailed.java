package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;

/** The code could not be exchanged for a token (OAuth error, HTTP error, timeout). */
public record TokenExchangeFailed(
        CollectionId collectionId, Integer httpStatus, String error, String errorDescription, Instant failedAt) {
}
