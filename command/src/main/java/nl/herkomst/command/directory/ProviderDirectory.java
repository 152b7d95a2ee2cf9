package nl.herkomst.command.directory;

import java.util.Map;
import java.util.Optional;

/**
 * Providers as the current Zorgaanbiederslijst (ZAL) describes them, the PGO's own entry on the OAuth client
 * list (OCL) and the names of the Gegevensdienstnamenlijst (GNL). Matching is exact and case-sensitive
 * (medmij.md §4.5).
 */
public interface ProviderDirectory {

    Optional<Endpoints> find(String provider, String gegevensdienst, String systeemrol);

    /** Refuses ({@code CLIENT_NOT_ON_OCL}) when this PGO's client id is not on the current OCL. */
    void requireOnOcl(String clientId);

    /** The GNL's display name of a gegevensdienst. */
    Optional<String> gegevensdienstName(String id);

    record Provider(String name, Map<String, Service> gegevensdiensten) {
    }

    record Service(String id, String authorizationEndpoint, String tokenEndpoint, Map<String, String> resourceEndpoints) {
    }

    record Endpoints(String provider, String gegevensdienst, String systeemrol, String authorizationEndpoint,
                     String tokenEndpoint, String resourceEndpoint, String listVersion, String whitelistVersion) {
    }
}
