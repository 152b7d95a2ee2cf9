package nl.herkomst.app.consent;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.ConsentId;
import nl.herkomst.api.command.LapseConsent;
import nl.herkomst.api.command.RequestOfflineCollection;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Long-term consents over time, without the person. Every {@code check-every}:
 * <ul>
 *   <li>a consent unused for {@code lapse-after} (MedMij: six months without a collection) lapses ({@code NOT_USED});</li>
 *   <li>of several active consents for one person, provider and gegevensdienst, all but the newest lapse ({@code SUPERSEDED});</li>
 *   <li>a consent last used {@code recollect-every} ago gets a collection ({@link RequestOfflineCollection}), at most one at a
 *   time per consent and at most one attempt per interval (a provider that is down is not asked every minute); never while
 *   the collection that granted it still runs, since the refresh would take that collection's access token away.</li>
 * </ul>
 */
public class ConsentScheduler {

    private static final Logger log = LoggerFactory.getLogger(ConsentScheduler.class);
    private static final java.util.Set<String> FINAL = java.util.Set.of("COMPLETED", "PARTIAL", "FAILED", "NO_DATA", "REFUSED");
    private static final String FINAL_SQL = String.join(", ", FINAL.stream().map(s -> "'" + s + "'").sorted().toList());

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration recollectEvery;
    private final Duration lapseAfter;
    private final Duration checkEvery;
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private final Map<String, Instant> attempted = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public ConsentScheduler(JdbcTemplate jdbc, CommandGateway commands, Clock clock, Duration recollectEvery, Duration lapseAfter,
                            Duration checkEvery) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
        this.recollectEvery = recollectEvery;
        this.lapseAfter = lapseAfter;
        this.checkEvery = checkEvery;
    }

    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consent-scheduler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::safeRound, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void safeRound() {
        try {
            round();
        } catch (RuntimeException e) {
            log.warn("Consent round failed: {}", e.getMessage());
        }
    }

    /** One round; returns the collections started. */
    public synchronized int round() {
        Instant now = clock.instant();
        for (String id : jdbc.queryForList("select consent_id from consent_status where status = 'ACTIVE' and last_used_at < ?", String.class,
                Timestamp.from(now.minus(lapseAfter)))) {
            lapse(id, "NOT_USED", now);
        }
        for (String id : jdbc.queryForList("""
                select c.consent_id from consent_status c where c.status = 'ACTIVE' and exists (select 1 from consent_status n
                  where n.status = 'ACTIVE' and n.person_id = c.person_id and n.provider = c.provider and n.gegevensdienst = c.gegevensdienst
                    and (n.granted_at > c.granted_at or n.granted_at = c.granted_at and n.consent_id > c.consent_id))""", String.class)) {
            lapse(id, "SUPERSEDED", now);
        }
        int started = 0;
        // not while a collection on the same authorization still runs (the one that granted it, or an earlier one of its own):
        // the refresh would replace the access token that collection is fetching with
        List<String> due = jdbc.queryForList("""
                select c.consent_id from consent_status c where c.status = 'ACTIVE' and c.last_used_at <= ?
                  and not exists (select 1 from collection_status s where (s.collection_id = c.granted_with or s.consent_id = c.consent_id)
                                  and s.status not in (%s))
                order by c.last_used_at""".formatted(FINAL_SQL), String.class, Timestamp.from(now.minus(recollectEvery)));
        for (String id : due) {
            String collection = running.get(id);
            if (collection != null && !ended(collection)) {
                continue;
            }
            running.remove(id);
            Instant last = attempted.get(id);
            if (last != null && last.plus(recollectEvery).isAfter(now)) {
                continue;
            }
            attempted.put(id, now);
            CollectionId next = CollectionId.random();
            try {
                commands.sendAndWait(new RequestOfflineCollection(next, new ConsentId(id)));
                running.put(id, next.value());
                started++;
            } catch (RuntimeException e) {
                log.info("Consent {}: no collection started: {}", id, e.getMessage());
            }
        }
        return started;
    }

    private boolean ended(String collectionId) {
        List<String> status = jdbc.queryForList("select status from collection_status where collection_id = ?", String.class, collectionId);
        return !status.isEmpty() && FINAL.contains(status.get(0));
    }

    private void lapse(String id, String reason, Instant now) {
        try {
            commands.sendAndWait(new LapseConsent(new ConsentId(id), reason, null, now));
        } catch (RuntimeException e) {
            log.info("Consent {} could not lapse: {}", id, e.getMessage());
        }
    }
}
