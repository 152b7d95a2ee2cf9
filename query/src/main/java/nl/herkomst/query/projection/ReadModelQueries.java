package nl.herkomst.query.projection;

import ca.uhn.fhir.context.FhirContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.query.CollectionView;
import nl.herkomst.api.query.CollectionViews;
import nl.herkomst.api.query.FindCollections;
import nl.herkomst.api.query.DossierResource;
import nl.herkomst.api.query.DossierResources;
import nl.herkomst.api.query.FindCollection;
import nl.herkomst.api.query.FindResource;
import nl.herkomst.api.query.FindResourceElements;
import nl.herkomst.api.query.FindResources;
import nl.herkomst.api.query.ResourceElements;
import nl.herkomst.query.elements.Displays;
import nl.herkomst.query.elements.ElementList;
import nl.herkomst.query.elements.FhirJson;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/** Answers the queries of the API from the read models. */
public class ReadModelQueries {

    private final JdbcTemplate jdbc;

    public ReadModelQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public Optional<CollectionView> handle(FindCollection q) {
        return collection(q.collectionId().value(), q.personId().value());
    }

    @QueryHandler
    public CollectionViews handle(FindCollections q) {
        List<String> ids = jdbc.queryForList("select collection_id from collection_status where person_id = ? order by requested_at desc",
                String.class, q.personId().value());
        return new CollectionViews(ids.stream().map(id -> collection(id, q.personId().value())).flatMap(Optional::stream).toList());
    }

    Optional<CollectionView> collection(String collectionId, String personId) {
        List<CollectionView> found = jdbc.query("""
                select collection_id, person_id, provider, gegevensdienst, status, outcome, reason, resources, requested_at, completed_at,
                  consent_id
                from collection_status where collection_id = ? and person_id = ?""",
                (rs, i) -> {
                    List<CollectionView.QueryView> queries = queries(rs.getString(1));
                    int done = (int) queries.stream().filter(v -> !"PENDING".equals(v.outcome())).count();
                    int soFar = Math.max(rs.getInt(8), queries.stream().mapToInt(CollectionView.QueryView::resources).sum());
                    return new CollectionView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), OutcomeMessages.of(rs.getString(6)), rs.getString(7), soFar, done, queries.size(),
                            instant(rs, 9), instant(rs, 10), queries, rs.getString(11));
                },
                collectionId, personId);
        return found.stream().findFirst();
    }

    private List<CollectionView.QueryView> queries(String collectionId) {
        return jdbc.query("""
                select query, outcome, resources, pages, http_status, failure, failed_page, issues, message from collection_query
                where collection_id = ? order by position""",
                (rs, i) -> new CollectionView.QueryView(rs.getString(1), rs.getString(2), OutcomeMessages.of(rs.getString(2)),
                        rs.getInt(3), rs.getInt(4), (Integer) rs.getObject(5), rs.getString(6), (Integer) rs.getObject(7),
                        issues(rs.getString(8)), rs.getString(9)),
                collectionId);
    }

    @QueryHandler
    public Optional<DossierResource> handle(FindResource q) {
        return resources(q.personId().value(), q.resourceType(), q.id(), true).stream().findFirst();
    }

    @QueryHandler
    public Optional<ResourceElements> handle(FindResourceElements q) {
        return handle(new FindResource(q.personId(), q.resourceType(), q.id())).map(r -> elementsOf(q.personId().value(), r));
    }

    /** The element list of one received copy of a resource; references resolve within the person's dossier. */
    public ResourceElements elementsOf(String personId, DossierResource r) {
        FhirContext ctx = "R4".equals(r.provenance().fhirVersion()) ? FhirContext.forR4Cached() : FhirContext.forDstu3Cached();
        ElementList list = new ElementList(ctx, reference -> referenceDisplay(personId, reference));
        List<ResourceElements.Element> elements = list.of(FhirJson.read(r.resourceJson())).stream()
                .map(e -> new ResourceElements.Element(e.path(), e.label(), e.datatype(), e.value(), e.modifier(), e.values()))
                .toList();
        return new ResourceElements(r.resourceType(), r.id(), r.provenance(), elements.stream().anyMatch(ResourceElements.Element::modifier),
                elements);
    }

    /** "Practitioner/123" → how that resource is called, when the person's dossier holds it. */
    private String referenceDisplay(String personId, String reference) {
        String[] parts = reference.split("/");
        if (parts.length < 2) {
            return null;
        }
        return resources(personId, parts[parts.length - 2], parts[parts.length - 1], true).stream().findFirst()
                .map(r -> Displays.of(FhirJson.read(r.resourceJson())))
                .orElse(null);
    }

    @QueryHandler
    public DossierResources handle(FindResources q) {
        return new DossierResources(resources(q.personId().value(), q.resourceType(), null, false));
    }

    private List<DossierResource> resources(String personId, String type, String id, boolean latestFirst) {
        String sql = """
                select r.resource_type, r.resource_id, s.provider, s.provider_display_name, s.gegevensdienst, s.gegevensdienst_name,
                  s.gegevensdienst_version, s.systeemrol, r.fhir_version, s.resource_endpoint, r.collection_id, r.query, r.page,
                  p.url, p.http_status, s.correlation_id, p.request_id, r.search_mode, r.profiles, r.version_id, r.received_at,
                  r.response_sha256, s.list_version, r.resource_json, s.whitelist_version
                from dossier_resource r join dossier_source s on s.collection_id = r.collection_id
                  left join dossier_response p on p.collection_id = r.collection_id and p.query = r.query and p.page = r.page
                where r.person_id = ?""" + (type == null ? "" : " and r.resource_type = ?") + (id == null ? "" : " and r.resource_id = ?")
                + (latestFirst ? " order by r.received_at desc, r.entry_index" : " order by r.received_at, r.collection_id, r.response_sha256, r.entry_index");
        List<Object> args = new java.util.ArrayList<>(List.of(personId));
        if (type != null) {
            args.add(type);
        }
        if (id != null) {
            args.add(id);
        }
        return jdbc.query(sql, (rs, i) -> new DossierResource(rs.getString(1), rs.getString(2),
                new DossierResource.Provenance(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getInt(13),
                        rs.getString(14), (Integer) rs.getObject(15), rs.getString(16), rs.getString(17), rs.getString(18),
                        profiles(rs.getString(19)), rs.getString(20), instant(rs, 21), rs.getString(22), rs.getString(23),
                        rs.getString(25)),
                rs.getString(24)), args.toArray());
    }

    private static List<OperationOutcomeIssue> issues(String json) {
        if (json == null) {
            return List.of();
        }
        return List.of(CollectionStatusProjection.JSON.readValue(json, OperationOutcomeIssue[].class));
    }

    private static List<String> profiles(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(" "));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
