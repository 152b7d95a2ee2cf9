package nl.herkomst.query.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
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
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The support read model: per collection its steps, times, outcome codes, HTTP statuses and
 * OperationOutcome issue codes. It holds no FHIR payload, no free text from providers (an issue's text only
 * as its length), no URL (only the gegevensdienst's query template), no token and no person id (only a
 * keyed pseudonym). Queries run one after another, so a query starts when the step before it ended.
 */
@ProcessingGroup(SupportProjection.PROCESSING_GROUP)
public class SupportProjection {

    public static final String PROCESSING_GROUP = "support";

    private final JdbcTemplate jdbc;
    private final PersonPseudonym pseudonym;

    public SupportProjection(JdbcTemplate jdbc, PersonPseudonym pseudonym) {
        this.jdbc = jdbc;
        this.pseudonym = pseudonym;
    }

    @EventHandler
    void on(CollectionRequested e, @SequenceNumber long seq) {
        if (e.personId() == null) {
            return; // the person was erased: their collections are no longer shown to support either
        }
        String id = e.collectionId().value();
        int inserted = jdbc.update("""
                insert into support_collection (collection_id, person_ref, provider, gegevensdienst, gegevensdienst_version, zal_volgnummer,
                  whitelist_volgnummer, correlation_id, status, queries_total, requested_at, last_step_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'AWAITING_AUTHORIZATION', ?, ?, ?) on conflict (collection_id) do nothing""",
                id, pseudonym.of(e.personId().value()), e.provider(), e.gegevensdienst(), e.gegevensdienstVersion(), e.listVersion(),
                e.whitelistVersion(), e.correlationId(), e.queries().size(), ts(e.requestedAt()), ts(e.requestedAt()));
        if (inserted == 0) {
            return; // redelivered
        }
        for (int i = 0; i < e.queries().size(); i++) {
            jdbc.update("insert into support_query (collection_id, query_index, query, outcome) values (?, ?, ?, 'PENDING') on conflict do nothing",
                    id, i, e.queries().get(i));
        }
        step(id, seq, e.requestedAt(), "REQUESTED", null, null, null, null);
    }

    @EventHandler
    void on(nl.herkomst.api.event.OfflineCollectionStarted e, @SequenceNumber long seq) {
        String id = e.collectionId().value();
        jdbc.update("update support_collection set status = 'AUTHORIZED', authorized_at = ?, last_step_at = ? where collection_id = ?",
                ts(e.startedAt()), ts(e.startedAt()), id);
        step(id, seq, e.startedAt(), "CONSENT_USED", null, null, null, null);
    }

    @EventHandler
    void on(AuthorizationGranted e, @SequenceNumber long seq) {
        String id = e.collectionId().value();
        jdbc.update("update support_collection set status = 'AUTHORIZED', authorized_at = ?, last_step_at = ? where collection_id = ?",
                ts(e.grantedAt()), ts(e.grantedAt()), id);
        step(id, seq, e.grantedAt(), "AUTHORIZATION_GRANTED", null, null, null, null);
    }

    @EventHandler
    void on(AuthorizationRefused e, @SequenceNumber long seq) {
        String id = e.collectionId().value();
        jdbc.update("update support_collection set status = 'REFUSED', failure = ?, last_step_at = ? where collection_id = ?",
                "authorization:" + e.reason(), ts(e.refusedAt()), id);
        step(id, seq, e.refusedAt(), "AUTHORIZATION_REFUSED", null, null, null, e.reason() + (e.error() == null ? "" : ":" + code(e.error())));
    }

    @EventHandler
    void on(TokenGranted e, @SequenceNumber long seq) {
        String id = e.collectionId().value();
        jdbc.update("update support_collection set status = 'FETCHING', token_at = ?, last_step_at = ? where collection_id = ?",
                ts(e.grantedAt()), ts(e.grantedAt()), id);
        step(id, seq, e.grantedAt(), "TOKEN_GRANTED", null, null, null, null);
    }

    @EventHandler
    void on(TokenExchangeFailed e, @SequenceNumber long seq) {
        String id = e.collectionId().value();
        jdbc.update("update support_collection set status = 'FAILED', failure = ?, last_step_at = ? where collection_id = ?",
                "token:" + code(e.error()), ts(e.failedAt()), id);
        step(id, seq, e.failedAt(), "TOKEN_EXCHANGE_FAILED", null, null, e.httpStatus(), code(e.error()));
    }

    @EventHandler
    void on(ResponseReceived e, @SequenceNumber long seq) {
        String id = e.collectionId().value();
        Integer index = index(id, e.query());
        startIfNew(id, index);
        jdbc.update("update support_query set pages = greatest(pages, ?), http_status = ?, request_id = ? where collection_id = ? and query_index = ?",
                e.page(), e.httpStatus(), e.requestId(), id, index);
        touch(id, e.receivedAt());
        step(id, seq, e.receivedAt(), "RESPONSE", index, e.page(), e.httpStatus(), null);
    }

    @EventHandler
    void on(FetchFailed e, @SequenceNumber long seq) {
        String id = e.collectionId().value();
        Integer index = index(id, e.query());
        startIfNew(id, index);
        OutcomeCode outcome = OutcomeCode.ofFailure(e.page(), e.httpStatus(), e.failure(), e.operationOutcome());
        jdbc.update("""
                update support_query set outcome = ?, http_status = ?, failure = ?, failed_page = ?, issue_codes = ?, diagnostics_length = ?,
                  request_id = ?, completed_at = ? where collection_id = ? and query_index = ?""",
                outcome.name(), e.httpStatus(), e.failure() == null ? null : e.failure().name(), e.page(), codes(e.operationOutcome()),
                textLength(e.operationOutcome()), e.requestId(), ts(e.failedAt()), id, index);
        touch(id, e.failedAt());
        step(id, seq, e.failedAt(), "FETCH_FAILED", index, e.page(), e.httpStatus(), e.failure() == null ? null : e.failure().name());
    }

    @EventHandler
    void on(QueryCompleted e, @SequenceNumber long seq) {
        String id = e.collectionId().value();
        Integer index = index(id, e.query());
        startIfNew(id, index);
        jdbc.update("""
                update support_query set outcome = case when outcome = 'PENDING' then ? else outcome end, pages = greatest(pages, ?), resources = ?,
                  issue_codes = coalesce(issue_codes, ?), diagnostics_length = diagnostics_length + ?, completed_at = coalesce(completed_at, ?)
                where collection_id = ? and query_index = ?""",
                (e.resources() > 0 ? OutcomeCode.DATA : OutcomeCode.NO_DATA).name(), e.pages(), e.resources(), codes(e.diagnostics()),
                textLength(e.diagnostics()), ts(e.completedAt()), id, index);
        touch(id, e.completedAt());
        step(id, seq, e.completedAt(), "QUERY_COMPLETED", index, null, null, null);
    }

    @EventHandler
    void on(CollectionCompleted e, @SequenceNumber long seq) {
        String id = e.collectionId().value();
        jdbc.update("""
                update support_collection set status = ?, outcome = ?, completed_at = ?, last_step_at = ?, queries_failed = ?, resources = ?,
                  failure = coalesce(failure, case when ? > 0 then 'queries' end) where collection_id = ?""",
                e.outcome().name(), e.outcome().name(), ts(e.completedAt()), ts(e.completedAt()), e.failedQueries(), e.resources(),
                e.failedQueries(), id);
        jdbc.update("update support_query set outcome = 'NOT_RUN' where collection_id = ? and outcome = 'PENDING'", id);
        step(id, seq, e.completedAt(), "COMPLETED", null, null, null, e.outcome().name());
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from support_step");
        jdbc.update("delete from support_query");
        jdbc.update("delete from support_collection");
    }

    private Integer index(String id, String query) {
        List<Integer> i = jdbc.queryForList("select query_index from support_query where collection_id = ? and query = ?", Integer.class, id, query);
        return i.isEmpty() ? null : i.get(0);
    }

    /** A query starts when the step before it ended (they run one after another). */
    private void startIfNew(String id, Integer index) {
        jdbc.update("""
                update support_query set started_at = (select last_step_at from support_collection where collection_id = ?)
                where collection_id = ? and query_index = ? and started_at is null""", id, id, index);
    }

    private void touch(String id, Instant at) {
        jdbc.update("update support_collection set last_step_at = greatest(last_step_at, ?) where collection_id = ?", ts(at), id);
    }

    /** One step, keyed by the event's place in the collection's stream: a redelivered event adds nothing. */
    private void step(String id, long seq, Instant at, String step, Integer query, Integer page, Integer status, String code) {
        jdbc.update("""
                insert into support_step (collection_id, step_index, at, step, query_index, page, http_status, code)
                select ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from support_collection where collection_id = ?)
                on conflict do nothing""",
                id, (int) seq, ts(at), step, query, page, status, code, id); // nothing for a collection of an erased person
    }

    /** An OAuth error code as support may see it: the code only, at most 60 characters of [a-z_]. */
    static String code(String error) {
        if (error == null) {
            return null;
        }
        String c = error.replaceAll("[^A-Za-z0-9_:.-]", "");
        return c.length() > 60 ? c.substring(0, 60) : c;
    }

    static String codes(List<OperationOutcomeIssue> issues) {
        if (issues == null || issues.isEmpty()) {
            return null;
        }
        String s = issues.stream().map(i -> code(i.severity()) + ":" + code(i.code())).distinct().collect(Collectors.joining(","));
        return s.length() > 500 ? s.substring(0, 500) : s;
    }

    static int textLength(List<OperationOutcomeIssue> issues) {
        return issues == null ? 0 : issues.stream().mapToInt(i -> i.text() == null ? 0 : i.text().length()).sum();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
