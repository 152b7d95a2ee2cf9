package nl.herkomst.app.audit;

import io.swagger.v3.oas.annotations.Operation;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nl.herkomst.api.RefusedException;
import nl.herkomst.command.lists.ListKind;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read-only history for auditors (the events of a person, a collection, a list; the response bytes by their
 * hash; the verification of the whole store) and the administrator's replay of the projections.
 */
@RestController
public class AuditController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~@-]{1,100}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventHistory history;
    private final EventStoreVerifier verifier;
    private final Replays replays;
    private final JdbcTemplate jdbc;
    private final nl.herkomst.command.store.PersonKeys keys;

    public AuditController(EventHistory history, EventStoreVerifier verifier, Replays replays, JdbcTemplate jdbc,
                           nl.herkomst.command.store.PersonKeys keys) {
        this.keys = keys;
        this.history = history;
        this.verifier = verifier;
        this.replays = replays;
        this.jdbc = jdbc;
    }

    @Operation(summary = "A person's events", description = "Every event of every collection of the person, in global order; "
            + "pages as JSON, or everything as NDJSON with format=ndjson (or Accept: application/x-ndjson).")
    @GetMapping("/api/audit/persons/{personId}/events")
    public ResponseEntity<?> person(@PathVariable String personId, @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "100") int size, @RequestParam(required = false) String format,
                                    @org.springframework.web.bind.annotation.RequestHeader(value = "Accept", required = false) String accept,
                                    jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        new nl.herkomst.api.PersonId(personId); // the person-id rule (never nine digits), as everywhere: else 400
        return answer(response, EventHistory.Selection.person(id(personId), keyOf(personId)), page, size, ndjson(format, accept));
    }

    @Operation(summary = "A collection's events", description = "As for a person.")
    @GetMapping("/api/audit/collections/{collectionId}/events")
    public ResponseEntity<?> collection(@PathVariable String collectionId, @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "100") int size, @RequestParam(required = false) String format,
                                        @org.springframework.web.bind.annotation.RequestHeader(value = "Accept", required = false) String accept,
                                    jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        return answer(response, EventHistory.Selection.aggregate(id(collectionId)), page, size, ndjson(format, accept));
    }

    @Operation(summary = "A MedMij list's history", description = "Every accepted version and rejected download of zal, ocl, gnl or whitelist.")
    @GetMapping("/api/audit/lists/{list}/events")
    public ResponseEntity<?> list(@PathVariable String list, @RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "100") int size, @RequestParam(required = false) String format,
                                  @org.springframework.web.bind.annotation.RequestHeader(value = "Accept", required = false) String accept,
                                  jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        ListKind kind = ListKind.ofKey(list).orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND, "UNKNOWN_LIST",
                "list must be zal, ocl, gnl or whitelist"));
        return answer(response, EventHistory.Selection.aggregate(kind.key()), page, size, ndjson(format, accept));
    }

    @Operation(summary = "The bytes of one exchange", description = "A provider response or a list download, verbatim, by its SHA-256.")
    @GetMapping("/api/audit/responses/{sha256}")
    public ResponseEntity<byte[]> response(@PathVariable String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_SHA256", "a SHA-256 is 64 lowercase hexadecimal characters");
        }
        List<ResponseEntity<byte[]>> found = jdbc.query("select content_type, content from response_body where sha256 = ?", (rs, i) -> {
            String type = rs.getString(1);
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, type == null || type.isBlank() ? "application/octet-stream" : type)
                    .header("X-Content-Type-Options", "nosniff")
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + sha256 + "\"")
                    .body(rs.getBytes(2));
        }, sha256);
        return found.stream().findFirst().orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND, "RESPONSE_NOT_FOUND",
                "no stored response has that SHA-256"));
    }

    @Operation(summary = "Verify the whole store", description = "Recomputes every event's chain hash, every checkpoint and every stored "
            + "response's SHA-256; reports the counts, the head checkpoint hash and the first broken link.")
    @GetMapping("/api/audit/verify")
    public EventStoreVerifier.Report verify() {
        return verifier.verify();
    }

    @Operation(summary = "The event processors", description = "Per processing group: replayable, running, replaying, error state, position.")
    @GetMapping("/api/admin/processors")
    public List<Replays.ProcessorStatus> processors() {
        return replays.status();
    }

    @Operation(summary = "Replay projections", description = "Resets a processing group (or all) and rebuilds it from the first event; "
            + "the collection process is never replayed, so no provider is contacted.")
    @PostMapping("/api/admin/replay")
    public Map<String, Object> replay(@RequestParam(defaultValue = "all") String group) {
        if (!"all".equals(group) && !ID.matcher(group).matches() || group.isBlank()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_GROUP", "not a processing group name");
        }
        return Map.of("replaying", replays.replay(group));
    }

    /** A page as JSON, or every selected event as NDJSON, one line each, streamed as it is read. */
    private ResponseEntity<?> answer(jakarta.servlet.http.HttpServletResponse response, EventHistory.Selection s, int page, int size,
                                     boolean ndjson) throws java.io.IOException {
        if (ndjson) {
            response.setContentType(NDJSON.toString());
            response.setCharacterEncoding("UTF-8");
            OutputStream out = response.getOutputStream();
            history.each(s, e -> {
                try {
                    out.write(JSON.writeValueAsString(e).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            });
            out.flush();
            return null;
        }
        if (page < 0 || size < 1 || size > 1000) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_PAGE", "page must be 0 or more and size between 1 and 1000");
        }
        return ResponseEntity.ok(history.page(s, page, size));
    }

    private static boolean ndjson(String format, String accept) {
        if (format != null && !format.equals("ndjson") && !format.equals("json")) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_FORMAT", "format must be json or ndjson");
        }
        return "ndjson".equals(format) || format == null && accept != null && accept.contains("application/x-ndjson");
    }

    /** The id of the person's data key: their events' sealed person ids start with it (none for an erased or unknown person). */
    private java.util.Optional<String> keyOf(String personId) {
        try {
            return keys.keyId(new nl.herkomst.api.PersonId(personId));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static String id(String id) {
        if (!ID.matcher(id).matches()) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_ID", "not a valid identifier");
        }
        return id;
    }
}
