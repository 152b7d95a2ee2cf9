package nl.herkomst.app.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.herkomst.api.RefusedException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds projections from the event store: stop the processing group, reset its tokens (its
 * {@code @ResetHandler} empties its tables), start it again from the first event. Only groups that allow a
 * reset are replayable: the collection process ({@code @DisallowReplay}, it talks to providers) never is,
 * so a replay makes no outbound call.
 */
public class Replays {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);

    public record ProcessorStatus(String name, boolean replayable, boolean running, boolean replaying, boolean error, Long position,
                                  int segments) {
    }

    private final EventProcessingConfiguration processing;

    public Replays(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** The groups a replay may reset: the projections. */
    public List<String> replayable() {
        List<String> names = new ArrayList<>();
        processing.eventProcessors().forEach((name, p) -> {
            if (p instanceof StreamingEventProcessor s && s.supportsReset()) {
                names.add(name);
            }
        });
        names.sort(null);
        return names;
    }

    /** Starts a replay of {@code group} ({@code all}: every replayable group); returns the groups reset. */
    public synchronized List<String> replay(String group) {
        if (status().stream().anyMatch(ProcessorStatus::replaying)) {
            throw new RefusedException(RefusedException.Kind.CONFLICT, "REPLAY_IN_PROGRESS", "a replay is still running; see /api/admin/processors");
        }
        List<String> groups = "all".equals(group) ? replayable() : List.of(group);
        for (String g : groups) {
            StreamingEventProcessor p = processing.eventProcessor(g, StreamingEventProcessor.class)
                    .orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND, "UNKNOWN_PROCESSOR", "no processing group " + g
                            + "; replayable: " + replayable()));
            if (!p.supportsReset()) {
                throw new RefusedException(RefusedException.Kind.CONFLICT, "NOT_REPLAYABLE", "processing group " + g
                        + " acts on the outside world and is never replayed");
            }
        }
        for (String g : groups) {
            StreamingEventProcessor p = processing.eventProcessor(g, StreamingEventProcessor.class).orElseThrow();
            log.info("Replay of {}: stopping, resetting its tokens, starting from the first event", g);
            try {
                p.shutdownAsync().join();
                p.resetTokens();
                p.start();
            } catch (IllegalStateException e) {
                if (!p.isRunning()) {
                    p.start();
                }
                throw new RefusedException(RefusedException.Kind.CONFLICT, "REPLAY_IN_PROGRESS", "processing group " + g
                        + " is being stopped or started; try again shortly");
            }
        }
        return groups;
    }

    public List<ProcessorStatus> status() {
        List<ProcessorStatus> result = new ArrayList<>();
        Map<String, ?> all = new LinkedHashMap<>(processing.eventProcessors());
        all.forEach((name, p) -> {
            if (p instanceof StreamingEventProcessor s) {
                Position at = position(s);
                Long position = at.position();
                boolean error = at.error();
                result.add(new ProcessorStatus(name, s.supportsReset(), s.isRunning(), s.isReplaying(), error, position,
                        s.processingStatus().size()));
            }
        });
        result.sort((a, b) -> a.name().compareTo(b.name()));
        return result;
    }

    /** Where a group is: the lowest position over its segments (null before its first event), and whether a segment is in error. */
    public record Position(Long position, boolean error) {
    }

    public static Position position(StreamingEventProcessor s) {
        Long position = null;
        boolean error = false;
        for (var status : s.processingStatus().values()) {
            error |= status.isErrorState();
            TrackingToken t = status.getTrackingToken();
            if (t != null && t.position().isPresent()) {
                position = position == null ? t.position().getAsLong() : Math.min(position, t.position().getAsLong());
            }
        }
        return new Position(position, error);
    }

    /** Waits until no group is replaying any more (for the command line and tests). */
    public boolean awaitReplayed(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (status().stream().noneMatch(ProcessorStatus::replaying)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
