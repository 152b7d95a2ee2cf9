package nl.herkomst.api.query;

import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;

/** The status of one collection of a person; answered with an {@code Optional<CollectionView>}. */
public record FindCollection(PersonId personId, CollectionId collectionId) {
}
