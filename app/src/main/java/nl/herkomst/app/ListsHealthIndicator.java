package nl.herkomst.app;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.herkomst.command.lists.ListKind;
import nl.herkomst.command.lists.MedMijLists;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code medmijLists} in actuator health: UP while every list is younger than {@code herkomst.lists.max-age}
 * (8 hours: the stelselnode's longest outage), DEGRADED when one is older or none was ever accepted. The
 * lists in use are still served then; the details give each list's Volgnummer and age.
 */
@Component("medmijLists")
public class ListsHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "a MedMij list is missing or older than the maximum age");

    private final MedMijLists lists;

    public ListsHealthIndicator(MedMijLists lists) {
        this.lists = lists;
    }

    @Override
    public Health health() {
        boolean degraded = false;
        Map<String, Object> details = new LinkedHashMap<>();
        long max = lists.settings().maxAge().toSeconds();
        for (ListKind kind : ListKind.values()) {
            var current = lists.peek(kind);
            Map<String, Object> d = new LinkedHashMap<>();
            if (current.isEmpty()) {
                degraded = true;
                d.put("status", "MISSING");
            } else {
                long age = lists.age(kind).orElseThrow().toSeconds();
                d.put("volgnummer", current.get().document().volgnummer().toString());
                d.put("ageSeconds", age);
                d.put("status", age > max ? "STALE" : "CURRENT");
                degraded |= age > max;
            }
            lists.lastRejection(kind).ifPresent(r -> d.put("lastRejection", r.code()));
            details.put(kind.key(), d);
        }
        details.put("maxAgeSeconds", max);
        return Health.status(degraded ? DEGRADED : Status.UP).withDetails(details).build();
    }
}
