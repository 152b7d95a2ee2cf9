package nl.herkomst.command.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;

/**
 * The error handler of every event handler: it notes the failure (processing group, event type, exception
 * class, time; never the message, which may hold data) and rethrows it, so that the segment stops at that
 * event and retries it instead of skipping it. A group whose last failure is more recent than
 * {@code active} is in error: it keeps failing on its retries.
 */
public class ProcessingErrors implements ListenerInvocationErrorHandler {

    public record Failure(String group, String eventType, String exception, Instant at, long count) {
    }

    private final Clock clock;
    private final Duration active;
    private final Map<String, Failure> last = new ConcurrentHashMap<>();

    public ProcessingErrors(Clock clock, Duration active) {
        this.clock = clock;
        this.active = active;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler handler) throws Exception {
        String group = group(handler);
        last.merge(group, new Failure(group, event.getPayloadType().getSimpleName(), exception.getClass().getSimpleName(), clock.instant(), 1),
                (a, b) -> new Failure(group, b.eventType(), b.exception(), b.at(), a.count() + 1));
        PropagatingErrorHandler.instance().onError(exception, event, handler);
    }

    /** The group's last failure, while it is still failing. */
    public Optional<Failure> active(String group) {
        Failure f = last.get(group);
        return f != null && f.at().isAfter(clock.instant().minus(active)) ? Optional.of(f) : Optional.empty();
    }

    public Optional<Failure> last(String group) {
        return Optional.ofNullable(last.get(group));
    }

    static String group(EventMessageHandler handler) {
        Class<?> type = handler.getTargetType();
        ProcessingGroup g = type.getAnnotation(ProcessingGroup.class);
        return g != null ? g.value() : type.getPackageName();
    }
}
