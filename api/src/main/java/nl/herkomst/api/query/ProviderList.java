package nl.herkomst.api.query;

import java.util.List;

/**
 * Providers from one version of the Zorgaanbiederslijst.
 *
 * @param zalVolgnummer the Volgnummer of that version
 * @param total         how many providers matched (the list holds at most the requested limit)
 */
public record ProviderList(String zalVolgnummer, String gnlVolgnummer, int total, List<Provider> providers) {

    public record Provider(String name, List<Gegevensdienst> gegevensdiensten) {
    }

    /** @param name the GNL's Weergavenaam (null when the GNL does not name it) */
    public record Gegevensdienst(String id, String name) {
    }
}
