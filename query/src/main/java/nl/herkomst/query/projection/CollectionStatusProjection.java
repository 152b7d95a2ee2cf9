package nl.herkomst.query.projection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.OutcomeCode;
import nl.herkomst.api.event.AuthorizationGranted;
import nl.herkomst.api.event.AuthorizationRefused;
import nl.herkomst.api.event.CollectionCompleted;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.api.event.FetchFailed;
import nl.herkomst.api.event.QueryCompleted;
import nl.herkomst.api.event.ResponseReceived;
import nl.herkomst.api.event.TokenExchangeFailed;
import nl.herkomst.api.event.TokenGranted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import nl.herkomst.api.query.FindCollection;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The status of every collection and of each of its queries. Every handler sets values (never adds), so
 * a redelivered event changes nothing; the whole read model can be rebuilt by a replay.
 */
@ProcessingGroup(CollectionStatusProjection.PROCESSING_GROUP)
public class CollectionStatusProjection {

    public static final String PROCESSING_GROUP = "collection-status";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final QueryUpdateEmitter updates;
    private final ReadModelQueries views;

    public CollectionStatusProjection(JdbcTemplate jdbc, QueryUpdateEmitter updates, ReadModelQueries views) {
        this.jdbc = jdbc;
        this.updates = updates;
        this.views = views;
    }

    /**
     * After every change the new status goes to whoever follows this collection (SSE, GraphQL); it is
     * computed only when someone does, and delivered when the change is committed.
     */
    private void emit(String collectionId, ReplayStatus replay) {
        if (replay.isReplay()) {
            return; // a replay rebuilds the read model; it notifies nobody
        }
        boolean followed = updates.activeSubscriptions().stream()
                .anyMatch(m -> m.getPayload() instanceof FindCollection q && q.collectionId().value().equals(collectionId));
        if (!followed) {
            return;
        }
        List<String> persons = jdbc.queryForList("select person_id from collection_status where collection_id = ?", String.class, collectionId);
        for (String person : persons) {
            views.collection(collectionId, person).ifPresent(view -> updates.emit(FindCollection.class,
                    q -> q.collectionId().value().equals(collectionId) && q.personId().value().equals(person), view));
        }
    }

    @EventHandler
    void on(CollectionRequested e, ReplayStatus replay) {
        if (e.personId() == null) {
            return; // the person was erased: their key is gone, and so is everything of theirs
        }
        jdbc.update("""
                insert into collection_status (collection_id, person_id, provider, gegevensdienst, gegevensdienst_name, systeemrol,
                  fhir_version, list_version, whitelist_version, status, requested_at, resources)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'AWAITING_AUTHORIZATION', ?, 0) on conflict (collection_id) do nothing""",
                e.collectionId().value(), e.personId().value(), e.provider(), e.gegevensdienst(), e.gegevensdienstName(),
                e.systeemrol(), e.fhirVersion(), e.listVersion(), e.whitelistVersion(), ts(e.requestedAt()));
        List<String> queries = e.queries();
        for (int i = 0; i < queries.size(); i++) {
            jdbc.update("""
                    insert into collection_query (collection_id, query, position, outcome, resources)
                    values (?, ?, ?, 'PENDING', 0) on conflict (collection_id, query) do nothing""",
                    e.collectionId().value(), queries.get(i), i);
        }
        emit(e.collectionId().value(), replay);
    }

    @EventHandler
    void on(AuthorizationGranted e, ReplayStatus replay) {
        setStatus(e.collectionId().value(), "AUTHORIZED", null);
        emit(e.collectionId().value(), replay);
    }

    @EventHandler
    void on(nl.herkomst.api.event.OfflineCollectionStarted e, ReplayStatus replay) {
        setStatus(e.collectionId().value(), "AUTHORIZED", null); // by a long-term consent, without the person
        jdbc.update("update collection_status set consent_id = ? where collection_id = ?", e.consentId().value(), e.collectionId().value());
        emit(e.collectionId().value(), replay);
    }

    @EventHandler
    void on(AuthorizationRefused e, ReplayStatus replay) {
        setStatus(e.collectionId().value(), "REFUSED", e.reason() + ": " + e.error()
                + (e.errorDescription() == null ? "" : " (" + e.errorDescription() + ")"));
        jdbc.update("update collection_status set outcome = ? where collection_id = ?",
                OutcomeCode.ofRefusal(e.reason()).name(), e.collectionId().value());
        emit(e.collectionId().value(), replay);
    }

    @EventHandler
    void on(TokenGranted e, ReplayStatus replay) {
        setStatus(e.collectionId().value(), "FETCHING", null);
        emit(e.collectionId().value(), replay);
    }

    @EventHandler
    void on(TokenExchangeFailed e, ReplayStatus replay) {
        setStatus(e.collectionId().value(), "FAILED", "token exchange failed: " + e.error()
                + (e.errorDescription() == null ? "" : " (" + e.errorDescription() + ")"));
        // our side could not reach the token endpoint (unreachable, or not on the Whitelist): a technical error,
        // not a refusal by the provider
        boolean technical = "token_endpoint_unreachable".equals(e.error()) || "host_not_whitelisted".equals(e.error());
        jdbc.update("update collection_status set outcome = ? where collection_id = ?",
                (technical ? OutcomeCode.TECHNICAL_ERROR : OutcomeCode.AUTHORIZATION_FAILED).name(), e.collectionId().value());
        emit(e.collectionId().value(), replay);
    }

    @EventHandler
    void on(ResponseReceived e, ReplayStatus replay) {
        jdbc.update("update collection_query set http_status = ?, pages = greatest(pages, ?) where collection_id = ? and query = ?",
                e.httpStatus(), e.page(), e.collectionId().value(), e.query());
        emit(e.collectionId().value(), replay);
    }

    @EventHandler
    void on(QueryCompleted e, ReplayStatus replay) {
        String message = e.diagnostics().isEmpty() ? null
                : "OperationOutcome: " + String.join("; ", e.diagnostics().stream().map(OperationOutcomeIssue::toString).toList());
        jdbc.update("""
                update collection_query set outcome = ?, resources = ?, pages = ?, issues = ?, message = ?
                where collection_id = ? and query = ?""",
                (e.resources() > 0 ? OutcomeCode.DATA : OutcomeCode.NO_DATA).name(), e.resources(), e.pages(),
                issuesJson(e.diagnostics()), message, e.collectionId().value(), e.query());
        emit(e.collectionId().value(), replay);
    }

    @EventHandler
    void on(FetchFailed e, ReplayStatus replay) {
        OutcomeCode outcome = OutcomeCode.ofFailure(e.page(), e.httpStatus(), e.failure(), e.operationOutcome());
        StringBuilder message = new StringBuilder(e.failure().name()).append(": ").append(e.message());
        if (e.page() > 1) {
            message.append(" (page ").append(e.page()).append(')');
        }
        if (!e.operationOutcome().isEmpty()) {
            message.append(" — OperationOutcome: ")
                    .append(String.join("; ", e.operationOutcome().stream().map(OperationOutcomeIssue::toString).toList()));
        }
        jdbc.update("""
                update collection_query set outcome = ?, http_status = ?, failure = ?, failed_page = ?, issues = ?, message = ?,
                  resources = (select count(*) from collection_query_resource r where r.collection_id = ? and r.query = ?)
                where collection_id = ? and query = ?""",
                outcome.name(), e.httpStatus(), e.failure().name(), e.page(), issuesJson(e.operationOutcome()),
                truncate(message.toString(), 4000), e.collectionId().value(), e.query(), e.collectionId().value(), e.query());
        emit(e.collectionId().value(), replay);
    }

    @EventHandler
    void on(nl.herkomst.api.event.ResourceReceived e, ReplayStatus replay) {
        if (e.personId() == null) {
            return; // the person was erased: their key is gone, and so is everything of theirs
        }
        jdbc.update("""
                insert into collection_query_resource (collection_id, query, response_sha256, entry_index)
                values (?, ?, ?, ?) on conflict do nothing""",
                e.collectionId().value(), e.query(), e.responseSha256(), e.entryIndex());
    }

    @EventHandler
    void on(CollectionCompleted e, ReplayStatus replay) {
        String id = e.collectionId().value();
        jdbc.update("update collection_query set outcome = 'NOT_RUN' where collection_id = ? and outcome = 'PENDING'", id);
        String outcome = switch (e.outcome()) {
            case COMPLETED -> OutcomeCode.DATA.name();
            case NO_DATA -> OutcomeCode.NO_DATA.name();
            case REFUSED -> null; // set from the refusal
            case PARTIAL, FAILED -> worstQueryOutcome(id);
        };
        jdbc.update("""
                update collection_status set status = ?, outcome = coalesce(?, outcome, ?), reason = coalesce(?, reason),
                  completed_at = ?, resources = ? where collection_id = ?""",
                e.outcome().name(), outcome, OutcomeCode.TOKEN_EXPIRED.name(), e.reason(), ts(e.completedAt()), e.resources(), id);
        emit(e.collectionId().value(), replay);
    }

    /** The most telling failure among the queries; null when none failed (the collection never got to run them). */
    private String worstQueryOutcome(String collectionId) {
        List<String> outcomes = jdbc.queryForList("select outcome from collection_query where collection_id = ?", String.class, collectionId);
        for (OutcomeCode code : List.of(OutcomeCode.TOKEN_EXPIRED, OutcomeCode.TECHNICAL_ERROR, OutcomeCode.INCOMPLETE, OutcomeCode.UNSUPPORTED)) {
            if (outcomes.contains(code.name())) {
                return code.name();
            }
        }
        return null;
    }

    private static String issuesJson(List<OperationOutcomeIssue> issues) {
        return issues.isEmpty() ? null : JSON.writeValueAsString(issues);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from collection_query_resource");
        jdbc.update("delete from collection_query");
        jdbc.update("delete from collection_status");
    }

    private void setStatus(String id, String status, String reason) {
        jdbc.update("update collection_status set status = ?, reason = coalesce(?, reason) where collection_id = ? and completed_at is null",
                status, reason, id);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
