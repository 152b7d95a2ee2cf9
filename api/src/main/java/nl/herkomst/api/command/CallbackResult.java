package nl.herkomst.api.command;

import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;

/**
 * What a callback did: the collection or share it belonged to and whether access was granted.
 *
 * @param id    the collection id, or the share id when {@code share}
 * @param share true when the authorization request was a share's (Delen)
 */
public record CallbackResult(String id, PersonId personId, boolean granted, String refusal, boolean share) {

    public CallbackResult(CollectionId collectionId, PersonId personId, boolean granted, String refusal) {
        this(collectionId.value(), personId, granted, refusal, false);
    }
}
