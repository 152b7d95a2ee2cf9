package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;

/**
 * The token endpoint exchanged the code for an access token. The token is kept outside the event store;
 * {@code tokenReference} is an opaque handle to it.
 */
public record TokenGranted(
        CollectionId collectionId,
        String tokenReference,
        Instant expiresAt,
        String grantedScope,
        boolean refreshTokenIssued,
        Instant grantedAt) {
}
