package nl.herkomst.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Misbehaviour on purpose, per resource type, so that a PGO can be tested on every kind of answer a real
 * provider gives: an HTTP error with an OperationOutcome ({@code PUT /sandbox/failures/{type}?status=500},
 * optionally {@code &issue=not-supported}), an empty searchset, a searchset with an OperationOutcome
 * warning, a second page that fails, or an answer that takes five seconds
 * ({@code PUT /sandbox/behaviour/{type}?mode=empty|warning|fail-second-page|slow}).
 * {@code DELETE /sandbox/failures} resets everything. The setting {@code herkomst.sandbox.failures=Flag=500,...}
 * sets failures at start.
 */
public final class SandboxControl {

    public enum Mode { EMPTY, WARNING, FAIL_SECOND_PAGE, SLOW }

    /** How long a search of a type in {@link Mode#SLOW} takes before it answers: a provider that takes its time. */
    public static final java.time.Duration SLOW = java.time.Duration.ofSeconds(5);

    public record Failure(int status, String issueCode) {
        public Failure {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status must be 4xx or 5xx");
            }
            if (issueCode == null || !issueCode.matches("[a-z-]{1,40}")) {
                throw new IllegalArgumentException("issue must be a FHIR issue-type code such as exception or not-supported");
            }
        }
    }

    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Map<String, Mode> modes = new ConcurrentHashMap<>();
    private volatile boolean failNextPages;
    private volatile Refusal shareRefusal;

    /** How the sandbox answers every share until cleared: an HTTP status and the text of its OperationOutcome. */
    public record Refusal(int status, String text) {
        public Refusal {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status must be 4xx or 5xx");
            }
            if (text == null || text.isBlank() || text.length() > 500) {
                throw new IllegalArgumentException("text must be given, at most 500 characters");
            }
        }
    }

    private volatile boolean longTermConsent;

    /** Whether the person chooses long-term consent at the sandbox: the code exchange then also gives a refresh token. */
    public void longTermConsent(boolean enabled) {
        longTermConsent = enabled;
    }

    public boolean longTermConsent() {
        return longTermConsent;
    }

    public void refuseShares(int status, String text) {
        shareRefusal = new Refusal(status, text);
    }

    public Refusal shareRefusal() {
        return shareRefusal;
    }

    public void fail(String resourceType, int status) {
        fail(resourceType, status, status >= 500 ? "exception" : "processing");
    }

    public void fail(String resourceType, int status, String issueCode) {
        failures.put(requireType(resourceType), new Failure(status, issueCode));
    }

    public void behave(String resourceType, Mode mode) {
        modes.put(requireType(resourceType), mode);
        if (mode == Mode.FAIL_SECOND_PAGE) {
            failNextPages = true;
        }
    }

    public void clearAll() {
        shareRefusal = null;
        longTermConsent = false;
        failures.clear();
        modes.clear();
        failNextPages = false;
    }

    public Failure failureFor(String resourceType) {
        return resourceType == null ? null : failures.get(resourceType);
    }

    public Mode modeFor(String resourceType) {
        return resourceType == null ? null : modes.get(resourceType);
    }

    public boolean failPages() {
        return failNextPages;
    }

    public Map<String, Object> state() {
        Map<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("failures", Map.copyOf(failures));
        state.put("behaviour", Map.copyOf(modes));
        state.put("shareRefusal", shareRefusal == null ? "none" : shareRefusal);
        state.put("longTermConsent", longTermConsent);
        return state;
    }

    private static String requireType(String type) {
        if (type == null || !type.matches("[A-Z][A-Za-z]{1,63}")) {
            throw new IllegalArgumentException("not a FHIR resource type: " + type);
        }
        return type;
    }
}
