package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.ConsentId;
import nl.herkomst.api.PersonId;

/** Creates a consent aggregate for a refresh token the vault already holds (under {@code refresh:<consentId>}). */
public record GrantConsent(ConsentId consentId, PersonId personId, CollectionId collectionId, String provider, String providerDisplayName,
                           String gegevensdienst, String gegevensdienstName, String gegevensdienstVersion, String scope, Instant at) {
}
