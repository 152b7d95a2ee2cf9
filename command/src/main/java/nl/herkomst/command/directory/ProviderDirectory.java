package nl.herkomst.command.directory;

import java.util.Map;
import java.util.Optional;

/**
 * Providers as the Zorgaanbiederslijst (ZAL) describes them. The walking skeleton reads one list from a
 * configured URL; the full list subsystem (all four lists, validation, versions as events) comes later.
 */
public interface ProviderDirectory {

    Optional<Endpoints> find(String provider, String gegevensdienst, String systeemrol);

    record Provider(String name, Map<String, Service> gegevensdiensten) {
    }

    record Service(String id, String authorizationEndpoint, String tokenEndpoint, Map<String, String> resourceEndpoints) {
    }

    record Endpoints(String provider, String gegevensdienst, String systeemrol, String authorizationEndpoint,
                     String tokenEndpoint, String resourceEndpoint, String listVersion) {
    }
}
