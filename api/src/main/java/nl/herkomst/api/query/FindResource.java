package nl.herkomst.api.query;

import nl.herkomst.api.PersonId;

/**
 * One resource of a person's dossier by type and id (the most recently received, when it came more than
 * once); answered with an {@code Optional<DossierResource>}.
 */
public record FindResource(PersonId personId, String resourceType, String id) {
}
