package nl.herkomst.command.store;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import nl.herkomst.api.PersonId;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One data key per person, for the personal values of events ({@link nl.herkomst.api.Personal}): AES-256-GCM,
 * the key itself kept wrapped by the vault's configured keys (so a copy of the database alone opens nothing).
 * A sealed value reads {@code sealed:v1:<key id>:<base64url(nonce ‖ ciphertext)>}; the key id is random and
 * says nothing about the person. {@link #destroy} deletes the person's key: every value sealed with it is
 * from then on unreadable, which is how an erasure reaches into the immutable event store.
 * <p>
 * The person is found by a SHA-256 of their id. That hash identifies them no more than the read models do
 * while they are a user, and it is deleted with the key.
 */
public class PersonKeys {

    public static final String PREFIX = "sealed:v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Key(String id, byte[] key) {
    }

    private final JdbcTemplate jdbc;
    private final Map<String, byte[]> wrappingKeys;
    private final String currentWrappingKey;
    private final Map<String, Key> byPerson = new ConcurrentHashMap<>();
    private final Map<String, Optional<byte[]>> byId = new ConcurrentHashMap<>();

    public PersonKeys(JdbcTemplate jdbc, Map<String, byte[]> wrappingKeys, String currentWrappingKey) {
        this.jdbc = jdbc;
        this.wrappingKeys = Map.copyOf(wrappingKeys);
        this.currentWrappingKey = currentWrappingKey;
        if (!this.wrappingKeys.containsKey(currentWrappingKey)) {
            throw new IllegalArgumentException("herkomst.vault.current-key " + currentWrappingKey + " is not among herkomst.vault.keys");
        }
    }

    /** Seals {@code plain} with the person's key, creating that key on first use. */
    public String seal(PersonId person, byte[] plain) {
        return seal(person, plain, true).orElseThrow();
    }

    /** Seals with the person's key; {@code create}: make one if they have none, else nothing is sealed (they were erased). */
    public Optional<String> seal(PersonId person, byte[] plain, boolean create) {
        Optional<Key> found = keyOf(person, create);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Key key = found.get();
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        byte[] sealed = SecretVault.crypt(Cipher.ENCRYPT_MODE, key.key(), nonce, PREFIX + key.id(), plain);
        byte[] out = new byte[nonce.length + sealed.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
        return Optional.of(PREFIX + key.id() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out));
    }

    /** The plain bytes of a sealed value; empty when its key is destroyed (the person was erased) or the value is damaged. */
    public Optional<byte[]> open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int colon = sealed.indexOf(':', PREFIX.length());
        if (colon < 0) {
            return Optional.empty();
        }
        String id = sealed.substring(PREFIX.length(), colon);
        Optional<byte[]> key = byId.computeIfAbsent(id, this::load);
        if (key.isEmpty()) {
            byId.remove(id); // not cached as absent: a key is created before its first value is written
            return Optional.empty();
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(sealed.substring(colon + 1));
            if (in.length < 12 + 16) {
                return Optional.empty();
            }
            byte[] nonce = java.util.Arrays.copyOf(in, 12);
            byte[] cipher = java.util.Arrays.copyOfRange(in, 12, in.length);
            return Optional.of(SecretVault.crypt(Cipher.DECRYPT_MODE, key.get(), nonce, PREFIX + id, cipher));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The id of the person's key, if they have one (for finding their events: the sealed values start with it). */
    public Optional<String> keyId(PersonId person) {
        return keyOf(person, false).map(Key::id);
    }

    /** Deletes the person's key; returns its id (empty if they had none). Values sealed with it can no longer be read. */
    public Optional<String> destroy(PersonId person) {
        String hash = hash(person);
        List<String> ids = jdbc.queryForList("delete from person_key where person_hash = ? returning key_id", String.class, hash);
        byPerson.remove(hash);
        ids.forEach(byId::remove);
        return ids.stream().findFirst();
    }

    private Optional<Key> keyOf(PersonId person, boolean create) {
        String hash = hash(person);
        Key cached = byPerson.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Key> found = find(hash);
        if (found.isEmpty() && create) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            String id = java.util.UUID.randomUUID().toString();
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            byte[] wrapped = SecretVault.crypt(Cipher.ENCRYPT_MODE, wrappingKeys.get(currentWrappingKey), nonce, "person-key:" + id, key);
            jdbc.update("insert into person_key (key_id, person_hash, wrapping_key_id, nonce, wrapped) values (?, ?, ?, ?, ?) "
                    + "on conflict (person_hash) do nothing", id, hash, currentWrappingKey, nonce, wrapped);
            found = find(hash); // another writer may have been first: its key is the person's key
        }
        found.ifPresent(k -> {
            byPerson.put(hash, k);
            byId.put(k.id(), Optional.of(k.key()));
        });
        return found;
    }

    private Optional<Key> find(String hash) {
        return jdbc.query("select key_id, wrapping_key_id, nonce, wrapped from person_key where person_hash = ?",
                (rs, i) -> unwrap(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)), hash).stream().findFirst()
                .flatMap(k -> k);
    }

    private Optional<byte[]> load(String id) {
        return jdbc.query("select key_id, wrapping_key_id, nonce, wrapped from person_key where key_id = ?",
                (rs, i) -> unwrap(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)), id).stream().findFirst()
                .flatMap(k -> k).map(Key::key);
    }

    private Optional<Key> unwrap(String id, String wrappingKeyId, byte[] nonce, byte[] wrapped) {
        byte[] wrapping = wrappingKeys.get(wrappingKeyId);
        if (wrapping == null) {
            throw new IllegalStateException("person key " + id + " is wrapped with vault key " + wrappingKeyId
                    + ", which is not configured: keep every vault key that still wraps person keys in herkomst.vault.keys");
        }
        return Optional.of(new Key(id, SecretVault.crypt(Cipher.DECRYPT_MODE, wrapping, nonce, "person-key:" + id, wrapped)));
    }

    /** Wraps every person key that is wrapped with an older vault key anew with the current one; returns how many. */
    public int rewrap() {
        List<Object[]> old = jdbc.query("select key_id, wrapping_key_id, nonce, wrapped from person_key where wrapping_key_id <> ?",
                (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)}, currentWrappingKey);
        int n = 0;
        for (Object[] row : old) {
            String id = (String) row[0];
            if (!wrappingKeys.containsKey((String) row[1])) {
                continue; // said when the key is used; the person's values are unreadable until the key is configured again
            }
            byte[] key = unwrap(id, (String) row[1], (byte[]) row[2], (byte[]) row[3]).orElseThrow().key();
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            n += jdbc.update("update person_key set wrapping_key_id = ?, nonce = ?, wrapped = ? where key_id = ? and wrapping_key_id = ?",
                    currentWrappingKey, nonce, SecretVault.crypt(Cipher.ENCRYPT_MODE, wrappingKeys.get(currentWrappingKey), nonce,
                            "person-key:" + id, key), id, row[1]);
        }
        return n;
    }

    static String hash(PersonId person) {
        return Sha256.hex(("herkomst-person:" + person.value()).getBytes(StandardCharsets.UTF_8));
    }
}
