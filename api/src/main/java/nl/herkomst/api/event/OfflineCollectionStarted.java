package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.ConsentId;

/** A collection started on a long-term consent, without the person: its token comes from the consent's refresh token. */
public record OfflineCollectionStarted(CollectionId collectionId, ConsentId consentId, Instant startedAt) {
}
