package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.ConsentId;

/** A collection without the person got its access token with the consent's refresh token. */
public record ConsentUsed(ConsentId consentId, CollectionId collectionId, boolean refreshTokenRotated, Instant usedAt) {
}
