package nl.herkomst.api.query;

import nl.herkomst.api.PersonId;

/** The element list of one dossier resource; answered with an {@code Optional<ResourceElements>}. */
public record FindResourceElements(PersonId personId, String resourceType, String id) {
}
