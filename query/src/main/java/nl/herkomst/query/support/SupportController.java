package nl.herkomst.query.support;

import io.swagger.v3.oas.annotations.Operation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nl.herkomst.api.RefusedException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Why a collection failed, for support staff, from the support read model only: no health content, no
 * token, no person id by construction.
 */
@RestController
public class SupportController {

    private static final Set<String> STATUSES = Set.of("AWAITING_AUTHORIZATION", "AUTHORIZED", "FETCHING", "COMPLETED", "PARTIAL", "FAILED",
            "NO_DATA", "REFUSED", "STUCK");

    public record QueryOutcome(int index, String query, String outcome, Integer httpStatus, String failure, Integer failedPage,
                               List<String> issueCodes, int diagnosticsLength, int pages, int resources, String requestId,
                               Instant startedAt, Instant completedAt, Long durationMillis) {
    }

    public record CollectionSummary(String collectionId, String personRef, String provider, String gegevensdienst,
                                    String gegevensdienstVersion, String status, boolean stuck, String outcome, String failure,
                                    int queriesTotal, int queriesFailed, int resources, String correlationId, String zalVolgnummer,
                                    String whitelistVolgnummer, Instant requestedAt, Instant authorizedAt, Instant tokenAt,
                                    Instant completedAt, Instant lastStepAt, Long durationMillis, List<QueryOutcome> queries) {
    }

    public record Collections(int count, List<CollectionSummary> collections) {
    }

    public record Step(int index, Instant at, Long sinceStartMillis, Long durationMillis, String step, Integer queryIndex, String query,
                       Integer page, Integer httpStatus, String code) {
    }

    public record Timeline(String collectionId, String personRef, String provider, String gegevensdienst, String status, List<Step> steps) {
    }

    public record ProviderHealth(String provider, String gegevensdienst, int collections, int failed, int partial, int succeeded,
                                 double failureRate, Instant lastFailureAt, Instant lastSuccessAt, Instant failingSince, String commonFailure) {
    }

    public record Providers(Instant since, List<ProviderHealth> providers) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration stuckAwaiting;
    private final Duration stuckFetching;

    public SupportController(JdbcTemplate jdbc, Clock clock,
                             @org.springframework.beans.factory.annotation.Value("${herkomst.support.stuck-awaiting:15m}") Duration stuckAwaiting,
                             @org.springframework.beans.factory.annotation.Value("${herkomst.support.stuck-fetching:10m}") Duration stuckFetching) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.stuckAwaiting = stuckAwaiting;
        this.stuckFetching = stuckFetching;
    }

    @Operation(summary = "Collections that need a look", description = "By default the failed, partial and stuck ones (status=FAILED,PARTIAL,STUCK); "
            + "filter by provider, gegevensdienst and since (ISO-8601). Per query: outcome code, HTTP status, failure kind, OperationOutcome "
            + "issue codes and the length of their text, duration, request id. No health content, no token, the person only as a pseudonym.")
    @GetMapping("/api/support/collections")
    public Collections collections(@RequestParam(name = "status", defaultValue = "FAILED,PARTIAL,STUCK") String status,
                                   @RequestParam(name = "provider", required = false) String provider,
                                   @RequestParam(name = "gegevensdienst", required = false) String gegevensdienst,
                                   @RequestParam(name = "since", required = false) String since,
                                   @RequestParam(name = "personRef", required = false) String personRef,
                                   @RequestParam(name = "limit", defaultValue = "100") int limit) {
        Set<String> statuses = new LinkedHashSet<>();
        for (String s : status.split(",")) {
            String t = s.trim().toUpperCase(java.util.Locale.ROOT);
            if (t.isEmpty()) {
                continue;
            }
            if (!STATUSES.contains(t)) {
                throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_STATUS", "status must be one or more of " + new java.util.TreeSet<>(STATUSES));
            }
            statuses.add(t);
        }
        if (statuses.isEmpty()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_STATUS", "status must name at least one of " + new java.util.TreeSet<>(STATUSES));
        }
        if (limit < 1 || limit > 1000) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_LIMIT", "limit must be between 1 and 1000");
        }
        check("provider", provider, 100);
        check("gegevensdienst", gegevensdienst, 30);
        check("personRef", personRef, 32);
        Instant now = clock.instant();
        Timestamp awaiting = Timestamp.from(now.minus(stuckAwaiting));
        Timestamp fetching = Timestamp.from(now.minus(stuckFetching));
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        List<String> statusClauses = new ArrayList<>();
        for (String s : statuses) {
            if (s.equals("STUCK")) {
                statusClauses.add("(status = 'AWAITING_AUTHORIZATION' and requested_at < ?) or (status in ('AUTHORIZED', 'FETCHING') and last_step_at < ?)");
                args.add(awaiting);
                args.add(fetching);
            } else {
                statusClauses.add("status = ?");
                args.add(s);
            }
        }
        where.add("(" + String.join(" or ", statusClauses) + ")");
        if (provider != null) {
            where.add("provider = ?");
            args.add(provider);
        }
        if (gegevensdienst != null) {
            where.add("gegevensdienst = ?");
            args.add(gegevensdienst);
        }
        if (personRef != null) {
            where.add("person_ref = ?");
            args.add(personRef);
        }
        if (since != null && !since.isBlank()) {
            where.add("requested_at >= ?");
            args.add(Timestamp.from(nl.herkomst.query.web.Moments.parse("since", since)));
        }
        args.add(limit);
        List<CollectionSummary> result = jdbc.query("select * from support_collection where " + String.join(" and ", where)
                + " order by requested_at desc limit ?", (rs, i) -> summary(rs, awaiting.toInstant(), fetching.toInstant()), args.toArray());
        return new Collections(result.size(), result);
    }

    @Operation(summary = "Every step of one collection", description = "With its time, the time since the start and since the step before.")
    @GetMapping("/api/support/collections/{collectionId}/timeline")
    public Timeline timeline(@PathVariable String collectionId) {
        check("collectionId", collectionId, 36);
        List<Timeline> found = jdbc.query("select * from support_collection where collection_id = ?", (rs, i) -> new Timeline(
                rs.getString("collection_id"), rs.getString("person_ref"), rs.getString("provider"), rs.getString("gegevensdienst"),
                rs.getString("status"), new ArrayList<>()), collectionId);
        if (found.isEmpty()) {
            throw new RefusedException(RefusedException.Kind.NOT_FOUND, "COLLECTION_NOT_FOUND", "no such collection");
        }
        Timeline t = found.get(0);
        Instant[] first = {null};
        Instant[] previous = {null};
        jdbc.query("""
                select s.step_index, s.at, s.step, s.query_index, q.query, s.page, s.http_status, s.code from support_step s
                  left join support_query q on q.collection_id = s.collection_id and q.query_index = s.query_index
                where s.collection_id = ? order by s.step_index""", rs -> {
            Instant at = rs.getTimestamp(2).toInstant();
            if (first[0] == null) {
                first[0] = at;
            }
            t.steps().add(new Step(rs.getInt(1), at, Duration.between(first[0], at).toMillis(),
                    previous[0] == null ? null : Duration.between(previous[0], at).toMillis(), rs.getString(3), (Integer) rs.getObject(4),
                    rs.getString(5), (Integer) rs.getObject(6), (Integer) rs.getObject(7), rs.getString(8)));
            previous[0] = at;
        }, collectionId);
        return t;
    }

    @Operation(summary = "Failure rates per provider and gegevensdienst", description = "Over the collections since 'since' (default: the last 24 hours): "
            + "how many failed or were partial, the failure rate, and since when the provider has failed without a success in between.")
    @GetMapping("/api/support/providers")
    public Providers providers(@RequestParam(name = "since", required = false) String since) {
        Instant from = since == null || since.isBlank() ? clock.instant().minus(Duration.ofHours(24)) : nl.herkomst.query.web.Moments.parse("since", since);
        List<ProviderHealth> list = jdbc.query("""
                with c as (select * from support_collection where requested_at >= ? and completed_at is not null),
                g as (select provider, gegevensdienst, count(*) n,
                        count(*) filter (where status = 'FAILED') failed, count(*) filter (where status = 'PARTIAL') partial,
                        count(*) filter (where status in ('COMPLETED', 'NO_DATA')) succeeded,
                        max(completed_at) filter (where status in ('FAILED', 'PARTIAL')) last_failure,
                        max(completed_at) filter (where status in ('COMPLETED', 'NO_DATA')) last_success
                      from c group by provider, gegevensdienst)
                select g.*,
                  (select min(c.completed_at) from c where c.provider = g.provider and c.gegevensdienst = g.gegevensdienst
                     and c.status in ('FAILED', 'PARTIAL') and (g.last_success is null or c.completed_at > g.last_success)) failing_since,
                  (select c.failure from c where c.provider = g.provider and c.gegevensdienst = g.gegevensdienst and c.failure is not null
                     group by c.failure order by count(*) desc, c.failure limit 1) common_failure
                from g order by g.provider, g.gegevensdienst""", (rs, i) -> {
            int n = rs.getInt("n");
            int failed = rs.getInt("failed");
            int partial = rs.getInt("partial");
            return new ProviderHealth(rs.getString("provider"), rs.getString("gegevensdienst"), n, failed, partial, rs.getInt("succeeded"),
                    n == 0 ? 0 : Math.round(1000.0 * (failed + partial) / n) / 1000.0, instant(rs, "last_failure"), instant(rs, "last_success"),
                    instant(rs, "failing_since"), rs.getString("common_failure"));
        }, Timestamp.from(from));
        return new Providers(from, list);
    }

    private CollectionSummary summary(ResultSet rs, Instant awaiting, Instant fetching) throws SQLException {
        String id = rs.getString("collection_id");
        String status = rs.getString("status");
        Instant requested = instant(rs, "requested_at");
        Instant last = instant(rs, "last_step_at");
        Instant completed = instant(rs, "completed_at");
        boolean stuck = status.equals("AWAITING_AUTHORIZATION") && requested.isBefore(awaiting)
                || (status.equals("AUTHORIZED") || status.equals("FETCHING")) && last.isBefore(fetching);
        List<QueryOutcome> queries = jdbc.query("select * from support_query where collection_id = ? order by query_index", (q, i) -> {
            Instant started = instant(q, "started_at");
            Instant done = instant(q, "completed_at");
            String codes = q.getString("issue_codes");
            return new QueryOutcome(q.getInt("query_index"), q.getString("query"), q.getString("outcome"), (Integer) q.getObject("http_status"),
                    q.getString("failure"), (Integer) q.getObject("failed_page"), codes == null ? List.of() : List.of(codes.split(",")),
                    q.getInt("diagnostics_length"), q.getInt("pages"), q.getInt("resources"), q.getString("request_id"), started, done,
                    started != null && done != null ? Duration.between(started, done).toMillis() : null);
        }, id);
        return new CollectionSummary(id, rs.getString("person_ref"), rs.getString("provider"), rs.getString("gegevensdienst"),
                rs.getString("gegevensdienst_version"), stuck ? "STUCK" : status, stuck, rs.getString("outcome"), rs.getString("failure"),
                rs.getInt("queries_total"), rs.getInt("queries_failed"), rs.getInt("resources"), rs.getString("correlation_id"),
                rs.getString("zal_volgnummer"), rs.getString("whitelist_volgnummer"), requested, instant(rs, "authorized_at"),
                instant(rs, "token_at"), completed, last, completed == null ? null : Duration.between(requested, completed).toMillis(), queries);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void check(String name, String value, int max) {
        if (value != null && (value.isEmpty() || value.length() > max)) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_" + name.toUpperCase(java.util.Locale.ROOT),
                    name + " must have 1 to " + max + " characters");
        }
    }
}
