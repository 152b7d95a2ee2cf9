package nl.herkomst.command.collection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.event.CollectionCompleted;
import nl.herkomst.api.event.FetchFailed;
import nl.herkomst.api.event.OfflineCollectionStarted;
import nl.herkomst.api.event.QueryCompleted;
import nl.herkomst.api.event.TokenGranted;
import nl.herkomst.command.store.OpenStreams;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every collection that got its authorization ends: one whose process was cut off (the application stopped
 * while it exchanged the code or fetched) is taken up again from what its own events say, once nothing has
 * happened to it for {@code stalled} and no worker of this backend has it in hand. Runs at start and then every
 * {@code interval}, once the process's event processor has caught up (before that, it may itself still get an
 * event it had not acknowledged before the stop, and the step would run twice):
 * <ul>
 * <li>last event AuthorizationGranted: the code exchange runs again (a code already taken is gone: the collection
 * then fails with {@code code_unavailable});</li>
 * <li>last event OfflineCollectionStarted: the refresh runs again;</li>
 * <li>TokenGranted or later: the queries that have neither completed nor failed run, with the access token kept in
 * the vault (a token that is gone or refused ends the collection, its outcome per query saying why).</li>
 * </ul>
 * A collection still waiting for the person (CollectionRequested last) is theirs to finish, and is left alone.
 */
public class CollectionRecovery {

    public enum Action { NONE, EXCHANGE, REFRESH, FETCH }

    private static final Logger log = LoggerFactory.getLogger(CollectionRecovery.class);

    private final JdbcTemplate jdbc;
    private final EventStore eventStore;
    private final CollectionProcess process;
    private final Clock clock;
    private final Duration stalled;
    private final java.util.function.BooleanSupplier processCaughtUp;

    /** @param processCaughtUp whether the process's event processor has delivered every stored event (see {@code CaughtUp}) */
    public CollectionRecovery(JdbcTemplate jdbc, EventStore eventStore, CollectionProcess process, Clock clock, Duration stalled,
                              java.util.function.BooleanSupplier processCaughtUp) {
        this.processCaughtUp = processCaughtUp;
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.process = process;
        this.clock = clock;
        this.stalled = stalled;
    }

    /** What to do with a collection whose last event is {@code lastEvent} (simple name), recorded {@code age} ago. */
    public static Action decide(String lastEvent, Duration age, Duration stalled) {
        if (age.compareTo(stalled) <= 0) {
            return Action.NONE;
        }
        return switch (lastEvent) {
            case "AuthorizationGranted" -> Action.EXCHANGE;
            case "OfflineCollectionStarted" -> Action.REFRESH;
            case "TokenGranted", "ResponseReceived", "ResourceReceived", "FetchFailed", "QueryCompleted" -> Action.FETCH;
            default -> Action.NONE;
        };
    }

    /** One round over the collections that have not ended; returns how many were taken up again. */
    public int run() {
        if (!processCaughtUp.getAsBoolean()) {
            return 0; // after a start the process may still get the events it had not acknowledged: it takes those up itself
        }
        Instant now = clock.instant();
        int acted = 0;
        for (OpenStreams.Last last : OpenStreams.of(jdbc, "Collection", List.of(CollectionCompleted.class.getName()))) {
            CollectionId id = new CollectionId(last.aggregateId());
            Action action = decide(last.eventType(), Duration.between(last.at(), now), stalled);
            if (action == Action.NONE || process.inFlight(id)) {
                continue;
            }
            try {
                resume(id, action);
                acted++;
            } catch (RuntimeException e) {
                log.warn("Collection {} could not be taken up again: {}", id, e.getClass().getSimpleName());
            }
        }
        return acted;
    }

    private void resume(CollectionId id, Action action) {
        String tokenReference = null;
        nl.herkomst.api.ConsentId consent = null;
        Set<String> done = new HashSet<>();
        for (Object payload : eventStore.readEvents(id.value()).asStream().map(m -> m.getPayload()).toList()) {
            if (payload instanceof TokenGranted t) {
                tokenReference = t.tokenReference();
            } else if (payload instanceof OfflineCollectionStarted o) {
                consent = o.consentId();
            } else if (payload instanceof QueryCompleted q) {
                done.add(q.query());
            } else if (payload instanceof FetchFailed f) {
                done.add(f.query());
            }
        }
        log.info("Collection {} taken up again after an interruption: {}{}", id, action,
                action == Action.FETCH ? " (" + done.size() + " queries done before)" : "");
        String reference = tokenReference;
        nl.herkomst.api.ConsentId onConsent = consent;
        switch (action) {
            case EXCHANGE -> process.work(id, () -> process.exchange(id));
            case REFRESH -> process.work(id, () -> process.refresh(id, onConsent));
            case FETCH -> {
                if (reference != null) {
                    process.work(id, () -> process.fetch(id, reference, done));
                }
            }
            case NONE -> { }
        }
    }
}
