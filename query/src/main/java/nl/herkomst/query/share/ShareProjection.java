package nl.herkomst.query.share;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.event.BundleSending;
import nl.herkomst.api.event.DataShared;
import nl.herkomst.api.event.ShareAuthorizationGranted;
import nl.herkomst.api.event.ShareAuthorizationRefused;
import nl.herkomst.api.event.ShareFailed;
import nl.herkomst.api.event.ShareRequested;
import nl.herkomst.api.event.ShareTokenGranted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shares of a person (Delen) as a read model: what was sent (the Bundle's entries, its SHA-256), to
 * whom, when, under which gegevensdienst version, and what the provider answered (status, ids it assigned,
 * its OperationOutcome text). Rebuilt from the events on replay.
 */
@ProcessingGroup(ShareProjection.PROCESSING_GROUP)
public class ShareProjection {

    public static final String PROCESSING_GROUP = "shares";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    public ShareProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ShareRequested e) {
        if (e.personId() == null) {
            return; // the person was erased: their key is gone, and so is everything of theirs
        }
        jdbc.update("""
                insert into share_status (share_id, person_id, kind, provider, provider_display_name, gegevensdienst, gegevensdienst_name,
                    gegevensdienst_version, fhir_version, bundle_type, bundle_sha256, bundle_size, entries, source, list_version, status,
                    validation_report_sha256, requested_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (share_id) do nothing""",
                e.shareId().value(), e.personId().value(), e.kind().key(), e.provider(), e.providerDisplayName(), e.gegevensdienst(),
                e.gegevensdienstName(), e.gegevensdienstVersion(), e.fhirVersion(), e.bundleType(), e.bundleSha256(), e.bundleSize(),
                JSON.writeValueAsString(e.entries()), e.source(), e.listVersion(), e.valid() ? "AWAITING_AUTHORIZATION" : "NOT_SENT_INVALID",
                e.validationReportSha256(), ts(e.requestedAt()));
    }

    @EventHandler
    void on(ShareAuthorizationGranted e) {
        jdbc.update("update share_status set status = 'AUTHORIZED', authorized_at = ? where share_id = ? and completed_at is null",
                ts(e.grantedAt()), e.shareId().value());
    }

    @EventHandler
    void on(ShareAuthorizationRefused e) {
        jdbc.update("update share_status set error = ? where share_id = ?", truncate(e.error(), 100), e.shareId().value());
    }

    @EventHandler
    void on(ShareTokenGranted e) {
        jdbc.update("update share_status set status = 'TOKEN_GRANTED' where share_id = ? and completed_at is null", e.shareId().value());
    }

    @EventHandler
    void on(BundleSending e) {
        jdbc.update("update share_status set status = 'SENDING', sent_at = ? where share_id = ? and completed_at is null",
                ts(e.sendingAt()), e.shareId().value());
    }

    @EventHandler
    void on(DataShared e) {
        String message = e.rejected() > 0 ? e.rejected() + " of " + e.entries().size() + " entries were not accepted" : "accepted by the provider";
        jdbc.update("""
                update share_status set status = ?, http_status = ?, message = ?, issues = ?, response_sha256 = ?, entry_results = ?, assigned = ?,
                    accepted = ?, rejected = ?, completed_at = ? where share_id = ?""",
                e.rejected() > 0 ? "PARTIALLY_SHARED" : "SHARED", e.httpStatus(), message, json(e.issues()), e.responseSha256(),
                JSON.writeValueAsString(e.entries()), JSON.writeValueAsString(e.assigned()), e.accepted(), e.rejected(), ts(e.sharedAt()),
                e.shareId().value());
    }

    @EventHandler
    void on(ShareFailed e) {
        String status = switch (e.failure()) {
            case BUNDLE_INVALID -> "NOT_SENT_INVALID";
            case AUTHORIZATION_REFUSED -> "AUTHORIZATION_REFUSED";
            case AUTHORIZATION_EXPIRED -> "EXPIRED";
            case REFUSED_BY_PROVIDER -> "REFUSED_BY_PROVIDER";
            default -> "FAILED";
        };
        jdbc.update("""
                update share_status set status = ?, failure = ?, stage = ?, http_status = ?, error = coalesce(?, error), message = ?, issues = ?,
                    response_sha256 = ?, completed_at = ? where share_id = ?""",
                status, e.failure().name(), e.stage().name(), e.httpStatus(), truncate(e.error(), 100), truncate(e.message(), 4000),
                json(e.issues()), e.responseSha256(), ts(e.failedAt()), e.shareId().value());
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from share_status");
    }

    private static String json(List<OperationOutcomeIssue> issues) {
        return issues == null || issues.isEmpty() ? null : JSON.writeValueAsString(issues);
    }

    static String texts(List<OperationOutcomeIssue> issues) {
        return issues.stream().map(OperationOutcomeIssue::text).filter(t -> t != null && !t.isBlank()).collect(Collectors.joining(" "));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
