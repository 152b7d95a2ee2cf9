package nl.herkomst.api.query;

import nl.herkomst.api.PersonId;

/** The resources in a person's dossier, optionally of one FHIR type (null for all). */
public record FindResources(PersonId personId, String resourceType) {
}
