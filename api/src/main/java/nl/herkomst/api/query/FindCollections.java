package nl.herkomst.api.query;

import nl.herkomst.api.PersonId;

/** Every collection of a person, newest first; answered with a {@link CollectionViews}. */
public record FindCollections(PersonId personId) {
}
