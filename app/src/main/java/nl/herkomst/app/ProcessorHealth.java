package nl.herkomst.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code eventProcessors} in actuator health, and the same figures as Micrometer gauges
 * ({@code herkomst.processor.lag}, {@code .position}, {@code .idle}, {@code .error}, {@code herkomst.eventstore.head}):
 * per processing group its position against the head of the event store, how long since it last advanced
 * while behind, and whether a segment is in error. DEGRADED when a group is in error, lags more than
 * {@code herkomst.processors.max-lag} events, or has been behind without advancing for
 * {@code herkomst.processors.max-stall}. There is no dead-letter queue: an event that fails puts its segment
 * in error, and it is retried; the error shows here (with the event type and exception class of the last
 * failure) until the retries succeed.
 */
@Component("eventProcessors")
public class ProcessorHealth implements HealthIndicator, MeterBinder {

    record Sample(long position, Instant advancedAt) {
    }

    public record State(String name, Long position, long head, Long lag, boolean error, boolean replaying, boolean running,
                        Duration idle) {
    }

    private final EventProcessingConfiguration processing;
    private final nl.herkomst.command.processing.ProcessingErrors errors;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final long maxLag;
    private final Duration maxStall;
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();

    public ProcessorHealth(EventProcessingConfiguration processing, nl.herkomst.command.processing.ProcessingErrors errors, JdbcTemplate jdbc,
                           Clock clock,
                           @Value("${herkomst.processors.max-lag:1000}") long maxLag,
                           @Value("${herkomst.processors.max-stall:60s}") Duration maxStall) {
        this.processing = processing;
        this.errors = errors;
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxLag = maxLag;
        this.maxStall = maxStall;
    }

    long head() {
        Long h = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return h == null ? -1 : h;
    }

    public Map<String, State> states() {
        long head = head();
        Instant now = clock.instant();
        Map<String, State> states = new LinkedHashMap<>();
        processing.eventProcessors().forEach((name, p) -> {
            if (!(p instanceof StreamingEventProcessor s)) {
                return;
            }
            nl.herkomst.app.audit.Replays.Position at = nl.herkomst.app.audit.Replays.position(s);
            Long position = at.position();
            // a failing segment is released between its retries, so its own status may not show the error: the noted failures do
            boolean error = at.error() || errors.active(name).isPresent();
            Long lag = position == null ? null : Math.max(0, head - position);
            Sample before = samples.get(name);
            long pos = position == null ? -1 : position;
            Sample sample = before == null || before.position() != pos || lag == null || lag == 0 ? new Sample(pos, now) : before;
            samples.put(name, sample);
            states.put(name, new State(name, position, head, lag, error, s.isReplaying(), s.isRunning(), Duration.between(sample.advancedAt(), now)));
        });
        return states;
    }

    @Override
    public Health health() {
        boolean degraded = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (State s : states().values()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("position", s.position());
            d.put("head", s.head());
            d.put("lag", s.lag());
            d.put("idleSeconds", s.idle().toSeconds());
            d.put("error", s.error());
            errors.last(s.name()).ifPresent(f -> d.put("lastFailure", Map.of("eventType", f.eventType(), "exception", f.exception(),
                    "at", f.at().toString(), "count", f.count())));
            d.put("replaying", s.replaying());
            d.put("running", s.running());
            boolean behind = s.lag() != null && s.lag() > 0;
            boolean bad = s.error() || !s.running() || s.lag() != null && s.lag() > maxLag || behind && s.idle().compareTo(maxStall) > 0;
            d.put("status", bad ? "DEGRADED" : "UP");
            degraded |= bad;
            details.put(s.name(), d);
        }
        details.put("deadLetters", "none configured: a failing event puts its segment in error and is retried");
        return Health.status(degraded ? ListsHealthIndicator.DEGRADED : Status.UP).withDetails(details).build();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("herkomst.eventstore.head", this, h -> h.head()).description("global index of the newest event").register(registry);
        for (String name : processing.eventProcessors().keySet()) {
            Gauge.builder("herkomst.processor.position", this, h -> value(h.states().get(name), State::position)).tag("group", name)
                    .description("the group's position in the event store").register(registry);
            Gauge.builder("herkomst.processor.lag", this, h -> value(h.states().get(name), State::lag)).tag("group", name)
                    .description("events between the head of the store and the group").register(registry);
            Gauge.builder("herkomst.processor.idle", this, h -> {
                State s = h.states().get(name);
                return s == null ? Double.NaN : s.idle().toSeconds();
            }).tag("group", name).baseUnit("seconds").description("time since the group last advanced while behind").register(registry);
            Gauge.builder("herkomst.processor.error", this, h -> {
                State s = h.states().get(name);
                return s == null ? Double.NaN : s.error() ? 1 : 0;
            }).tag("group", name).description("1 when a segment of the group is in error").register(registry);
        }
    }

    private static double value(State s, java.util.function.Function<State, Long> f) {
        if (s == null) {
            return Double.NaN;
        }
        Long v = f.apply(s);
        return v == null ? Double.NaN : v;
    }
}
