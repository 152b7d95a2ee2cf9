package nl.herkomst.query.projection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.query.CollectionView;
import nl.herkomst.api.query.DossierResource;
import nl.herkomst.api.query.DossierResources;
import nl.herkomst.api.query.FindCollection;
import nl.herkomst.api.query.FindResources;
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
        List<CollectionView> found = jdbc.query("""
                select collection_id, person_id, provider, gegevensdienst, status, outcome, reason, resources, requested_at, completed_at
                from collection_status where collection_id = ? and person_id = ?""",
                (rs, i) -> new CollectionView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), OutcomeMessages.of(rs.getString(6)), rs.getString(7), rs.getInt(8), instant(rs, 9),
                        instant(rs, 10), queries(rs.getString(1))),
                q.collectionId().value(), q.personId().value());
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
    public DossierResources handle(FindResources q) {
        String sql = """
                select r.resource_type, r.resource_id, s.provider, s.provider_display_name, s.gegevensdienst, s.gegevensdienst_name,
                  s.systeemrol, r.fhir_version, r.collection_id, r.query, r.page, r.search_mode, r.profiles, r.version_id,
                  r.received_at, r.response_sha256, r.resource_json
                from dossier_resource r join dossier_source s on s.collection_id = r.collection_id
                where r.person_id = ?""" + (q.resourceType() == null ? "" : " and r.resource_type = ?")
                + " order by r.received_at, r.collection_id, r.response_sha256, r.entry_index";
        Object[] args = q.resourceType() == null ? new Object[] {q.personId().value()}
                : new Object[] {q.personId().value(), q.resourceType()};
        return new DossierResources(jdbc.query(sql, (rs, i) -> new DossierResource(rs.getString(1), rs.getString(2),
                new DossierResource.Provenance(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11), rs.getString(12), profiles(rs.getString(13)),
                        rs.getString(14), instant(rs, 15), rs.getString(16)),
                rs.getString(17)), args));
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
