package nl.herkomst.query.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The access log (NEN 7513 style) in its own store: every read of a person's health data through the API
 * and every start of a collection, with who (the authenticated actor; {@code anonymous} while the API has no
 * authentication), on whose behalf, when, what (action and target: a resource type and id, or the query),
 * from which client, and the answer's HTTP status. Entries older than the retention are deleted.
 */
public class AccessLog {

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    public record Entry(long id, Instant at, String actor, String personId, String action, String target, String clientAddress,
                        String userAgent, Integer httpStatus) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int retentionMonths;

    public AccessLog(JdbcTemplate jdbc, Clock clock, int retentionMonths) {
        if (retentionMonths < 1) {
            throw new IllegalArgumentException("herkomst.access-log.retention-months must be at least 1");
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.retentionMonths = retentionMonths;
    }

    public void record(String actor, String personId, String action, String target, String clientAddress, String userAgent, Integer status) {
        try {
            jdbc.update("""
                    insert into access_log.entry (at, actor, person_id, action, target, client_address, user_agent, http_status)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""", Timestamp.from(clock.instant()), cut(actor, 200), cut(personId, 64), action,
                    cut(target, 300), cut(clientAddress, 64), cut(userAgent, 200), status);
        } catch (RuntimeException e) {
            // the read has happened; a failure to log it must be seen by operators
            log.error("Access log entry could not be written ({} {}): {}", action, personId == null ? "" : "for a person", e.toString());
        }
    }

    public List<Entry> find(String personId, Instant since, Instant until, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (personId != null) {
            where.add("person_id = ?");
            args.add(personId);
        }
        if (since != null) {
            where.add("at >= ?");
            args.add(Timestamp.from(since));
        }
        if (until != null) {
            where.add("at < ?");
            args.add(Timestamp.from(until));
        }
        args.add(limit);
        return jdbc.query("select id, at, actor, person_id, action, target, client_address, user_agent, http_status from access_log.entry"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where)) + " order by at desc, id desc limit ?",
                (rs, i) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), (Integer) rs.getObject(9)), args.toArray());
    }

    /** Deletes the entries older than the retention; returns how many. */
    public int purge() {
        Instant cutoff = clock.instant().atOffset(ZoneOffset.UTC).minusMonths(retentionMonths).toInstant();
        int deleted = jdbc.update("delete from access_log.entry where at < ?", Timestamp.from(cutoff));
        if (deleted > 0) {
            log.info("Access log: {} entries older than {} months deleted", deleted, retentionMonths);
        }
        return deleted;
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return null;
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > max ? clean.substring(0, max) : clean;
    }
}
