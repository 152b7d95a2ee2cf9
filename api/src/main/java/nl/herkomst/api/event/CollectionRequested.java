package nl.herkomst.api.event;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;

/**
 * A person asked to collect a gegevensdienst from a provider; the browser is being sent to the provider's
 * authorization endpoint. The {@code state} is kept only as a SHA-256 hash.
 *
 * @param listVersion      the Volgnummer of the provider list (ZAL) the endpoints were taken from
 * @param whitelistVersion the Volgnummer of the Whitelist in use when the collection started (null in
 *                         events recorded before the lists were versioned)
 */
@Personal.Origin
public record CollectionRequested(
        CollectionId collectionId,
        @Personal PersonId personId,
        String provider,
        String providerDisplayName,
        String gegevensdienst,
        String gegevensdienstName,
        String gegevensdienstVersion,
        String systeemrol,
        String fhirVersion,
        String authorizationEndpoint,
        String tokenEndpoint,
        String resourceEndpoint,
        String clientId,
        String redirectUri,
        String scope,
        String stateHash,
        String correlationId,
        String authorizationRequestId,
        List<String> queries,
        String listVersion,
        Instant requestedAt,
        String whitelistVersion) {
}
