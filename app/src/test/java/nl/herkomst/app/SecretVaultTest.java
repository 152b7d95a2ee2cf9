package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import nl.herkomst.command.store.SecretVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The vault on a real PostgreSQL: sealed at rest, bound to its row, rotated by key id, gone when taken or expired. */
class SecretVaultTest {

    static EmbeddedPostgres postgres;
    static JdbcTemplate jdbc;
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final byte[] K1 = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] K2 = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void database() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        jdbc.execute(Files.readString(Path.of("src/main/resources/db/migration/V8__vault.sql")));
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    static SecretVault vault(Map<String, byte[]> keys, String current, Instant at) {
        return new SecretVault(jdbc, Clock.fixed(at, ZoneOffset.UTC), keys, current);
    }

    @Test
    void aSecretIsSealedAtRestAndOpensOnlyInItsOwnRow() {
        SecretVault vault = vault(Map.of("k1", K1), "k1", NOW);
        String ref = vault.put("access-token-value-123", NOW.plusSeconds(60));
        byte[] stored = jdbc.queryForObject("select ciphertext from vault_secret where reference = ?", byte[].class, ref);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("access-token-value-123");
        assertThat(jdbc.queryForObject("select key_id from vault_secret where reference = ?", String.class, ref)).isEqualTo("k1");
        assertThat(vault.get(ref)).contains("access-token-value-123");
        // moved to another row, the ciphertext does not open (the reference is authenticated with it)
        String other = vault.put("something else", NOW.plusSeconds(60));
        jdbc.update("update vault_secret set nonce = (select nonce from vault_secret where reference = ?), ciphertext = (select ciphertext "
                + "from vault_secret where reference = ?) where reference = ?", ref, ref, other);
        assertThat(vault.get(other)).isEmpty();
    }

    @Test
    void aRotatedKeyStillOpensWhatItSealedAndNewSecretsUseTheNewKey() {
        String old = vault(Map.of("k1", K1), "k1", NOW).put("sealed with k1", NOW.plusSeconds(60));
        SecretVault rotated = vault(Map.of("k1", K1, "k2", K2), "k2", NOW);
        assertThat(rotated.get(old)).contains("sealed with k1");
        String fresh = rotated.put("sealed with k2", NOW.plusSeconds(60));
        assertThat(jdbc.queryForObject("select key_id from vault_secret where reference = ?", String.class, fresh)).isEqualTo("k2");
        // once k1 is retired, its secrets are absent, never an error
        assertThat(vault(Map.of("k2", K2), "k2", NOW).get(old)).isEmpty();
    }

    @Test
    void aSecretIsGoneWhenTakenRemovedOrExpired() {
        SecretVault vault = vault(Map.of("k1", K1), "k1", NOW);
        String code = vault.put("code", NOW.plusSeconds(60));
        assertThat(vault.take(code)).contains("code");
        assertThat(vault.take(code)).isEmpty();
        String token = vault.put("token", NOW.plusSeconds(60));
        vault.remove(token);
        assertThat(jdbc.queryForObject("select count(*) from vault_secret where reference = ?", Integer.class, token)).isZero();
        String expiring = vault.put("expiring", NOW.plusSeconds(60));
        SecretVault later = vault(Map.of("k1", K1), "k1", NOW.plusSeconds(61));
        assertThat(later.get(expiring)).isEmpty();
        assertThat(later.purgeExpired()).isGreaterThanOrEqualTo(0);
        assertThat(jdbc.queryForObject("select count(*) from vault_secret where reference = ?", Integer.class, expiring)).isZero();
    }

    @Test
    void keysAreReadFromConfigurationStrictly() {
        assertThat(SecretVault.keys("a:" + Base64.getEncoder().encodeToString(K1) + ", b:" + Base64.getEncoder().encodeToString(K2))).containsKeys("a", "b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecretVault.keys("")).hasMessageContaining("needs a key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecretVault.keys("a:not base64!")).hasMessageContaining("not base64");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vault(Map.of("a", new byte[16]), "a", NOW)).hasMessageContaining("32 bytes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vault(Map.of("a", K1), "b", NOW)).hasMessageContaining("current-key");
    }
}
