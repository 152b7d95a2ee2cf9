package nl.herkomst.command.store;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The streams of one aggregate type that have not ended, each with its last event: what a recovery looks at. */
public final class OpenStreams {

    /** A stream's id, the simple name of its last event's type, and when that event was recorded. */
    public record Last(String aggregateId, String eventType, Instant at) {
    }

    private OpenStreams() {
    }

    /** @param ending the payload types (fully qualified) that end a stream */
    public static List<Last> of(JdbcTemplate jdbc, String aggregateType, List<String> ending) {
        return jdbc.query("""
                select e.aggregate_identifier, e.payload_type, e.time_stamp from domain_event_entry e
                join (select aggregate_identifier, max(sequence_number) as s from domain_event_entry where type = ?
                      group by aggregate_identifier) last on last.aggregate_identifier = e.aggregate_identifier and last.s = e.sequence_number
                where not e.payload_type = any(?)""",
                (rs, i) -> new Last(rs.getString(1), rs.getString(2).substring(rs.getString(2).lastIndexOf('.') + 1), Instant.parse(rs.getString(3))),
                aggregateType, ending.toArray(String[]::new));
    }
}
