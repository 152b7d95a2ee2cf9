package nl.herkomst.api.command;

import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;

/**
 * Start collecting a gegevensdienst from a provider for a person. Answered with an
 * {@link AuthorizationRedirect}: where to send the person's browser.
 *
 * @param provider       the Zorgaanbiedernaam in the provider list, e.g. {@code sandbox@medmij}
 * @param gegevensdienst the GegevensdienstId, e.g. {@code 48}
 */
public record RequestCollection(CollectionId collectionId, PersonId personId, String provider, String gegevensdienst) {
}
