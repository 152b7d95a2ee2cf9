package nl.herkomst.api.command;

import nl.herkomst.api.CollectionId;
import nl.herkomst.api.ConsentId;

/** Starts a collection on a long-term consent, without the person (the scheduled re-collection). */
public record RequestOfflineCollection(CollectionId collectionId, ConsentId consentId) {
}
