package nl.herkomst.command.collection;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gegevensdiensten this deployment can collect, with their query sets, as configuration
 * ({@code herkomst.gegevensdiensten}, defaults in {@code herkomst-gegevensdiensten.yml}), and the
 * (gegevensdienst, version) pairs it is qualified for ({@code herkomst.qualified}, as {@code 48@3.0}).
 */
@ConfigurationProperties("herkomst")
public record GegevensdienstCatalog(Map<String, Gegevensdienst> gegevensdiensten, List<String> qualified) {

    public GegevensdienstCatalog {
        gegevensdiensten = gegevensdiensten == null ? Map.of() : Map.copyOf(gegevensdiensten);
        qualified = qualified == null ? List.of() : List.copyOf(qualified);
        for (String q : qualified) {
            if (!q.matches("[^@\\s]+@[^@\\s]+")) {
                throw new IllegalArgumentException("herkomst.qualified entries are <gegevensdienst>@<version>, not: " + q);
            }
        }
        gegevensdiensten.forEach((id, g) -> {
            if (g.queries() == null || g.queries().isEmpty()) {
                throw new IllegalArgumentException("gegevensdienst " + id + " has no queries");
            }
            if (!"STU3".equals(g.fhirVersion()) && !"R4".equals(g.fhirVersion())) {
                throw new IllegalArgumentException("gegevensdienst " + id + ": fhir-version must be STU3 or R4");
            }
            for (String q : g.queries()) {
                if (q.startsWith("/") || q.contains("://") && q.indexOf("://") < q.indexOf('?') || q.matches("(?i).*[?&](patient|subject)=.*")) {
                    throw new IllegalArgumentException("gegevensdienst " + id + ": query must be relative and never name a patient: " + q);
                }
            }
        });
    }

    public Optional<Gegevensdienst> find(String id) {
        return Optional.ofNullable(id).map(gegevensdiensten::get);
    }

    /** Whether this deployment is qualified for the gegevensdienst in this version. */
    public boolean isQualified(String id, Gegevensdienst service) {
        return qualified.contains(id + "@" + service.version());
    }

    /**
     * @param follow FHIR paths whose values are references to read after a query's pages, e.g.
     *               {@code DocumentReference.content.attachment.url} (the Binary of a document)
     */
    public record Gegevensdienst(String name, String version, String systeemrol, String fhirVersion, List<String> queries,
                                 List<String> follow) {
        public Gegevensdienst {
            queries = queries == null ? List.of() : List.copyOf(queries);
            follow = follow == null ? List.of() : List.copyOf(follow);
        }
    }
}
