package nl.herkomst.app.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The global part of the tamper evidence: now and then a checkpoint hashes the stream hashes of every event
 * since the previous checkpoint, in global order, chained to that checkpoint. A removed or added event in a
 * covered range breaks its checkpoint. Only events older than a margin are covered, so that a transaction
 * that commits late cannot slip an event into a range already hashed. The head hash is logged, so it can be
 * kept outside the database.
 */
public class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Clock clock;
    private final Duration margin;

    public AuditCheckpoints(JdbcTemplate jdbc, Serializer serializer, Clock clock, Duration margin) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.clock = clock;
        this.margin = margin;
    }

    /** Writes a checkpoint over the events not yet covered (if any are old enough); returns how many it covered. */
    public synchronized long checkpoint() {
        List<Object[]> last = jdbc.query("select upto_global_index, hash from audit_checkpoint order by upto_global_index desc limit 1",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)});
        long from = last.isEmpty() ? 0 : (Long) last.get(0)[0];
        String previous = last.isEmpty() ? EventChain.GENESIS : (String) last.get(0)[1];
        String cutoff = org.axonframework.common.DateTimeUtils.formatInstant(clock.instant().minus(margin));
        Long upto = jdbc.queryForObject("select max(global_index) from domain_event_entry where global_index > ? and time_stamp < ?",
                Long.class, from, cutoff);
        if (upto == null) {
            return 0;
        }
        MessageDigest digest = EventChain.sha256();
        digest.update(("herkomst-checkpoint-1\n" + previous + "\n").getBytes(StandardCharsets.UTF_8));
        long[] count = {0};
        jdbc.query("select global_index, meta_data from domain_event_entry where global_index > ? and global_index <= ? order by global_index",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    digest.update((rs.getLong(1) + ":" + EventChain.hashIn(serializer, rs.getBytes(2)) + "\n").getBytes(StandardCharsets.UTF_8));
                    count[0]++;
                }, from, upto);
        String hash = EventChain.hex(digest.digest());
        jdbc.update("insert into audit_checkpoint (upto_global_index, events, hash, previous, created_at) values (?, ?, ?, ?, now())",
                upto, count[0], hash, previous);
        log.info("Audit checkpoint: {} events up to global index {}, head {}", count[0], upto, hash);
        return count[0];
    }
}
