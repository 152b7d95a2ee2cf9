package nl.herkomst.command.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Secrets of the back channel (authorization codes, access tokens) outside the event store: in the
 * database, encrypted at rest with AES-256-GCM (a fresh 96-bit nonce per secret; the reference is the
 * additional authenticated data, so a ciphertext cannot be moved to another row), each with an expiry.
 * Events refer to a secret by an opaque reference only.
 * <p>
 * Keys come from configuration ({@code herkomst.vault.keys}: {@code id:base64,…}, 32 bytes each) and every
 * secret records the id of the key it was sealed with: rotating means adding a new key, making it
 * {@code herkomst.vault.current-key}, and keeping the old one until its secrets have expired. A secret whose
 * key is gone, that has expired, or that fails authentication is treated as absent. A secret is deleted
 * when it is taken, removed (the collection or share ended) or expires.
 */
public class SecretVault {

    private static final Logger log = LoggerFactory.getLogger(SecretVault.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<String, byte[]> keys;
    private final String currentKey;

    public SecretVault(JdbcTemplate jdbc, Clock clock, Map<String, byte[]> keys, String currentKey) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keys = Map.copyOf(keys);
        this.currentKey = currentKey;
        if (!this.keys.containsKey(currentKey)) {
            throw new IllegalArgumentException("herkomst.vault.current-key " + currentKey + " is not among herkomst.vault.keys");
        }
        this.keys.forEach((id, k) -> {
            if (k.length != 32) {
                throw new IllegalArgumentException("vault key " + id + " must be 32 bytes (AES-256), base64-encoded");
            }
        });
    }

    /** {@code id:base64,id:base64} → the keys. */
    public static Map<String, byte[]> keys(String configured) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String part : configured.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            if (colon <= 0 || !p.substring(0, colon).matches("[A-Za-z0-9._-]{1,40}")) {
                throw new IllegalArgumentException("herkomst.vault.keys is id:base64,id:base64 (ids of A-Z a-z 0-9 . _ -)");
            }
            try {
                keys.put(p.substring(0, colon), Base64.getDecoder().decode(p.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("vault key " + p.substring(0, colon) + " is not base64");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("herkomst.vault.keys is empty: the vault needs a key (id:base64 of 32 bytes)");
        }
        return keys;
    }

    /** Keeps a secret until {@code expiresAt}; returns its opaque reference. */
    public String put(String secret, Instant expiresAt) {
        byte[] ref = new byte[18];
        RANDOM.nextBytes(ref);
        String reference = "vault:" + Base64.getUrlEncoder().withoutPadding().encodeToString(ref);
        putAt(reference, secret, expiresAt);
        return reference;
    }

    /** Keeps a secret under a key of the caller's choosing (replacing what was there). */
    public void putAt(String reference, String secret, Instant expiresAt) {
        purgeExpired();
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.get(currentKey), nonce, reference, secret.getBytes(StandardCharsets.UTF_8));
        jdbc.update("""
                insert into vault_secret (reference, key_id, nonce, ciphertext, expires_at) values (?, ?, ?, ?, ?)
                on conflict (reference) do update set key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext,
                    expires_at = excluded.expires_at""",
                reference, currentKey, nonce, sealed, Timestamp.from(expiresAt));
    }

    public Optional<String> get(String reference) {
        return read(reference, false);
    }

    /** Returns the secret and deletes it: for single-use secrets such as authorization codes. */
    public Optional<String> take(String reference) {
        return read(reference, true);
    }

    public void remove(String reference) {
        if (reference != null) {
            jdbc.update("delete from vault_secret where reference = ?", reference);
        }
    }

    /** Deletes every expired secret; returns how many. */
    public int purgeExpired() {
        return jdbc.update("delete from vault_secret where expires_at <= ?", Timestamp.from(clock.instant()));
    }

    private Optional<String> read(String reference, boolean delete) {
        if (reference == null) {
            return Optional.empty();
        }
        List<Object[]> rows = jdbc.query(delete ? "delete from vault_secret where reference = ? returning key_id, nonce, ciphertext, expires_at"
                        : "select key_id, nonce, ciphertext, expires_at from vault_secret where reference = ?",
                (rs, i) -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getTimestamp(4)}, reference);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        if (!((Timestamp) row[3]).toInstant().isAfter(clock.instant())) {
            remove(reference);
            return Optional.empty();
        }
        byte[] key = keys.get((String) row[0]);
        if (key == null) {
            log.warn("A vault secret was sealed with key {}, which is no longer configured: treated as absent", row[0]);
            return Optional.empty();
        }
        try {
            return Optional.of(new String(crypt(Cipher.DECRYPT_MODE, key, (byte[]) row[1], reference, (byte[]) row[2]), StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            log.warn("A vault secret failed authentication (key {}): treated as absent", row[0]);
            return Optional.empty();
        }
    }

    static byte[] crypt(int mode, byte[] key, byte[] nonce, String reference, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(reference.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("vault cipher: " + e.getClass().getSimpleName());
        }
    }
}
