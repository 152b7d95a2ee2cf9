package nl.herkomst.query.access;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Who read whose health data: for auditors (any person) and for the person (their own). */
@RestController
public class AccessLogController {

    public record Entries(int count, List<AccessLog.Entry> entries) {
    }

    private final AccessLog log;

    public AccessLogController(AccessLog log) {
        this.log = log;
    }

    @Operation(summary = "The access log", description = "Reads of health data and collection starts, newest first; filter by person and period.")
    @GetMapping("/api/audit/access-log")
    public Entries all(@RequestParam(name = "person", required = false) String person, @RequestParam(name = "since", required = false) String since,
                       @RequestParam(name = "until", required = false) String until, @RequestParam(name = "limit", defaultValue = "100") int limit) {
        return find(person == null ? null : new PersonId(person).value(), since, until, limit);
    }

    @Operation(summary = "Who read my data", description = "The access log entries about this person, newest first.")
    @GetMapping("/api/persons/{personId}/access-log")
    public Entries mine(@PathVariable String personId, @RequestParam(name = "since", required = false) String since,
                        @RequestParam(name = "limit", defaultValue = "100") int limit) {
        return find(new PersonId(personId).value(), since, null, limit);
    }

    private Entries find(String person, String since, String until, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_LIMIT", "limit must be between 1 and 1000");
        }
        List<AccessLog.Entry> entries = log.find(person, nl.herkomst.query.web.Moments.parse("since", since), nl.herkomst.query.web.Moments.parse("until", until), limit);
        return new Entries(entries.size(), entries);
    }
}
