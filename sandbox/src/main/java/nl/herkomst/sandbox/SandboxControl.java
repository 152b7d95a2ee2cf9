package nl.herkomst.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failures the sandbox produces on purpose, per resource type (for example HTTP 500 on every Flag
 * search), set through {@code PUT /sandbox/failures/{type}?status=500} or the setting
 * {@code herkomst.sandbox.failures.<type>=<status>}.
 */
public final class SandboxControl {

    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    public void fail(String resourceType, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx");
        }
        failures.put(resourceType, status);
    }

    public void clear(String resourceType) {
        failures.remove(resourceType);
    }

    public void clearAll() {
        failures.clear();
    }

    public Integer failureFor(String resourceType) {
        return resourceType == null ? null : failures.get(resourceType);
    }

    public Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }
}
