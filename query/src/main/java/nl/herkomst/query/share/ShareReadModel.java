package nl.herkomst.query.share;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.share.EntryResult;
import nl.herkomst.api.share.SharedEntry;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.type.TypeReference;

/** Reads the shares read model (and, for one share, its validation report from the content store). */
public class ShareReadModel {

    private static final java.util.Set<String> FINAL = java.util.Set.of("SHARED", "PARTIALLY_SHARED", "NOT_SENT_INVALID",
            "AUTHORIZATION_REFUSED", "REFUSED_BY_PROVIDER", "FAILED", "EXPIRED");

    private final JdbcTemplate jdbc;

    public ShareReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ShareView> find(String personId, String shareId) {
        List<ShareView> found = jdbc.query("select * from share_status where person_id = ? and share_id = ?", (rs, i) -> view(rs, true),
                personId, shareId);
        return found.stream().findFirst();
    }

    public List<ShareView> all(String personId) {
        return jdbc.query("select * from share_status where person_id = ? order by requested_at, share_id", (rs, i) -> view(rs, false), personId);
    }

    private ShareView view(ResultSet rs, boolean withReport) throws SQLException {
        List<OperationOutcomeIssue> issues = read(rs.getString("issues"), new TypeReference<List<OperationOutcomeIssue>>() { });
        String report = null;
        String reportSha = rs.getString("validation_report_sha256");
        if (withReport && reportSha != null) {
            report = jdbc.query("select content from response_body where sha256 = ?", (r, i) -> new String(r.getBytes(1), StandardCharsets.UTF_8),
                    reportSha).stream().findFirst().orElse(null);
        }
        String status = rs.getString("status");
        boolean providerAnswered = "SHARED".equals(status) || "PARTIALLY_SHARED".equals(status) || "REFUSED_BY_PROVIDER".equals(status);
        return new ShareView(rs.getString("share_id"), rs.getString("kind"), status, FINAL.contains(status), rs.getString("provider"),
                rs.getString("gegevensdienst"), rs.getString("gegevensdienst_name"), rs.getString("gegevensdienst_version"),
                rs.getString("fhir_version"), rs.getString("bundle_type"), rs.getString("bundle_sha256"), (Long) rs.getObject("bundle_size"),
                read(rs.getString("entries"), new TypeReference<List<SharedEntry>>() { }), rs.getString("source"), rs.getString("list_version"),
                instant(rs.getTimestamp("requested_at")), instant(rs.getTimestamp("authorized_at")), instant(rs.getTimestamp("sent_at")),
                instant(rs.getTimestamp("completed_at")), (Integer) rs.getObject("http_status"), rs.getString("failure"), rs.getString("stage"),
                rs.getString("error"), rs.getString("message"), providerAnswered && issues != null ? ShareProjection.texts(issues) : null,
                issues == null ? List.of() : issues, read(rs.getString("entry_results"), new TypeReference<List<EntryResult>>() { }),
                read(rs.getString("assigned"), new TypeReference<List<String>>() { }), (Integer) rs.getObject("accepted"),
                (Integer) rs.getObject("rejected"), rs.getString("response_sha256"), report);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        return json == null ? null : ShareProjection.JSON.readValue(json, type);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
