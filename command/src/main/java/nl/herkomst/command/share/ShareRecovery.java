package nl.herkomst.command.share;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.command.RecordShareFailure;
import nl.herkomst.api.event.DataShared;
import nl.herkomst.api.event.ShareFailed;
import nl.herkomst.api.share.ShareFailure;
import nl.herkomst.api.share.ShareStage;
import nl.herkomst.command.store.OpenStreams;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every share ends: a share that waits longer than it can (the person never came back from the provider),
 * or whose process was cut off (a restart between the steps), is taken up again or ended, from what its
 * own events say. Runs at start and then every {@code interval}:
 * <ul>
 * <li>last event ShareRequested, older than the authorization request's lifetime: ended AUTHORIZATION_EXPIRED;</li>
 * <li>ShareAuthorizationGranted or ShareTokenGranted, older than {@code stalled} and in no worker's hands: the
 * next step is run again (the code is single-use and the send is guarded by StartSending, so nothing happens
 * twice);</li>
 * <li>BundleSending, older than the response timeout plus {@code stalled}: ended OUTCOME_UNKNOWN — the Bundle
 * may have reached the provider, so it is never sent again.</li>
 * </ul>
 */
public class ShareRecovery {

    public enum Action { NONE, EXPIRE, RESUME, OUTCOME_UNKNOWN }

    private static final Logger log = LoggerFactory.getLogger(ShareRecovery.class);

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final ShareProcess process;
    private final Clock clock;
    private final Duration stateTtl;
    private final Duration stalled;
    private final Duration responseTimeout;

    private final java.util.function.BooleanSupplier processCaughtUp;

    /** @param processCaughtUp whether the process's event processor has delivered every stored event (see {@code CaughtUp}) */
    public ShareRecovery(JdbcTemplate jdbc, CommandGateway commands, ShareProcess process, Clock clock, Duration stateTtl, Duration stalled,
                         Duration responseTimeout, java.util.function.BooleanSupplier processCaughtUp) {
        this.processCaughtUp = processCaughtUp;
        this.jdbc = jdbc;
        this.commands = commands;
        this.process = process;
        this.clock = clock;
        this.stateTtl = stateTtl;
        this.stalled = stalled;
        this.responseTimeout = responseTimeout;
    }

    /** What to do with a share whose last event is {@code lastEvent} (simple name), recorded {@code age} ago. */
    public static Action decide(String lastEvent, Duration age, Duration stateTtl, Duration stalled, Duration responseTimeout) {
        return switch (lastEvent) {
            case "ShareRequested" -> age.compareTo(stateTtl.plus(stalled)) > 0 ? Action.EXPIRE : Action.NONE;
            case "ShareAuthorizationGranted", "ShareTokenGranted" -> age.compareTo(stalled) > 0 ? Action.RESUME : Action.NONE;
            case "BundleSending" -> age.compareTo(responseTimeout.plus(stalled)) > 0 ? Action.OUTCOME_UNKNOWN : Action.NONE;
            default -> Action.NONE;
        };
    }

    /** One round over the shares that have not ended; returns how many were acted on. */
    public int run() {
        if (!processCaughtUp.getAsBoolean()) {
            return 0; // after a start the process may still get the events it had not acknowledged: it takes those up itself
        }
        Instant now = clock.instant();
        int acted = 0;
        for (OpenStreams.Last last : OpenStreams.of(jdbc, "Share", List.of(DataShared.class.getName(), ShareFailed.class.getName()))) {
            ShareId id = new ShareId(last.aggregateId());
            Action action = decide(last.eventType(), Duration.between(last.at(), now), stateTtl, stalled, responseTimeout);
            if (action != Action.EXPIRE && process.inFlight(id)) {
                continue; // a worker of this backend has it in hand: it is slow, not stopped
            }
            try {
                switch (action) {
                    case EXPIRE -> commands.sendAndWait(new RecordShareFailure(id, ShareStage.AUTHORIZATION, ShareFailure.AUTHORIZATION_EXPIRED, null,
                            "authorization_expired", "the person did not confirm the share at the provider within " + stateTtl.toMinutes()
                            + " minutes; nothing was sent", List.of(), null, now));
                    case RESUME -> process.resume(id);
                    case OUTCOME_UNKNOWN -> commands.sendAndWait(new RecordShareFailure(id, ShareStage.SEND, ShareFailure.OUTCOME_UNKNOWN, null,
                            "outcome_unknown", "the backend stopped while the Bundle was being sent: whether the provider received it is unknown, "
                            + "so it is not sent again (ask the provider before sharing it once more)", List.of(), null, now));
                    case NONE -> {
                        continue;
                    }
                }
                acted++;
            } catch (RuntimeException e) {
                log.warn("Share {} could not be taken up again: {}", id, e.getClass().getSimpleName());
            }
        }
        return acted;
    }
}
