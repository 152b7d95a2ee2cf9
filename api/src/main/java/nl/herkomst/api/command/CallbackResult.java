package nl.herkomst.api.command;

import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;

/** What a callback did: the collection it belonged to and whether the person granted access. */
public record CallbackResult(CollectionId collectionId, PersonId personId, boolean granted, String refusal) {
}
