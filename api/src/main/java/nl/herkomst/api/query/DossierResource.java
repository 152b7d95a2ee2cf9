package nl.herkomst.api.query;

import java.time.Instant;
import java.util.List;

/**
 * A resource in the dossier, as received, with where it came from.
 *
 * @param resourceJson the resource's JSON exactly as the provider sent it
 */
public record DossierResource(String resourceType, String id, Provenance provenance, String resourceJson) {

    public record Provenance(
            String provider,
            String providerDisplayName,
            String gegevensdienst,
            String gegevensdienstName,
            String systeemrol,
            String fhirVersion,
            String collectionId,
            String query,
            int page,
            String searchMode,
            List<String> profiles,
            String versionId,
            Instant receivedAt,
            String responseSha256) {
    }
}
