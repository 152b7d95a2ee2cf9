package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;

/**
 * The provider's authorization server sent an authorization code back for this collection: MedMij treats
 * that as proof of the person's consent. The code itself is never part of an event.
 */
public record AuthorizationGranted(CollectionId collectionId, Instant grantedAt) {
}
