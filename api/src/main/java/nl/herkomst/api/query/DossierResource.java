package nl.herkomst.api.query;

import java.time.Instant;
import java.util.List;

/**
 * A resource in the dossier, as received, with where it came from.
 *
 * @param resourceJson the resource's JSON exactly as the provider sent it
 */
public record DossierResource(String resourceType, String id, Provenance provenance, String resourceJson) {

    /**
     * Where a resource came from: who (provider), what (gegevensdienst, version, systeemrol), how (the
     * query, the page, the request and its correlation ids, the HTTP status), when, the response it was
     * in (SHA-256 of the bytes as received) and the version of the provider list the endpoints came from.
     */
    public record Provenance(
            String provider,
            String providerDisplayName,
            String gegevensdienst,
            String gegevensdienstName,
            String gegevensdienstVersion,
            String systeemrol,
            String fhirVersion,
            String resourceEndpoint,
            String collectionId,
            String query,
            int page,
            String requestUrl,
            Integer httpStatus,
            String correlationId,
            String requestId,
            String searchMode,
            List<String> profiles,
            String versionId,
            Instant receivedAt,
            String responseSha256,
            String listVersion,
            String whitelistVersion) {
    }
}
