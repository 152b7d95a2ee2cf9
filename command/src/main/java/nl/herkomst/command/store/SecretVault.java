package nl.herkomst.command.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived secrets (authorization codes, access tokens) outside the event store, in memory only, each
 * with an expiry. Events refer to a token by an opaque reference; a restart forgets every secret, which
 * ends the collections that were waiting for one (they are reported as failed, never retried with a
 * stale secret). Encryption at rest for long-term consent is a later issue.
 */
public class SecretVault {

    private record Entry(String secret, Instant expiresAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public SecretVault(Clock clock) {
        this.clock = clock;
    }

    /** Keeps a secret until {@code expiresAt}; returns its opaque reference. */
    public String put(String secret, Instant expiresAt) {
        purgeExpired();
        byte[] ref = new byte[18];
        RANDOM.nextBytes(ref);
        String reference = "vault:" + Base64.getUrlEncoder().withoutPadding().encodeToString(ref);
        entries.put(reference, new Entry(secret, expiresAt));
        return reference;
    }

    /** Keeps a secret under a key of the caller's choosing (replacing what was there). */
    public void putAt(String key, String secret, Instant expiresAt) {
        purgeExpired();
        entries.put(key, new Entry(secret, expiresAt));
    }

    public Optional<String> get(String reference) {
        Entry e = reference == null ? null : entries.get(reference);
        if (e == null || !e.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(e.secret());
    }

    /** Returns the secret and forgets it: for single-use secrets such as authorization codes. */
    public Optional<String> take(String reference) {
        Entry e = reference == null ? null : entries.remove(reference);
        if (e == null || !e.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(e.secret());
    }

    public void remove(String reference) {
        if (reference != null) {
            entries.remove(reference);
        }
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
    }
}
