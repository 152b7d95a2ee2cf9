package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import nl.herkomst.HerkomstApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The production profile on the machine's PostgreSQL at 127.0.0.1:5432 (user postgres): Flyway creates
 * every table on an empty database, the schema validates, and the API answers. Skipped with a message when
 * no such server is reachable, except when CI=true.
 */
class PostgresProfileTest {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    @Test
    void flywayCreatesEveryTableOnAnEmptyDatabaseAndTheApplicationRuns() throws Exception {
        String db = "herkomst_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("create database " + db);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(HerkomstApplication.class).run(
                "--spring.profiles.active=postgres",
                "--server.port=" + port,
                "--spring.datasource.url=" + SERVER + db,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--herkomst.support.pseudonym-key=postgres-profile-test-key",
                "--herkomst.vault.keys=test-1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]), "--herkomst.vault.current-key=test-1",
                // the API's token issuer (never contacted here: no token is presented)
                "--herkomst.api.jwt.jwk-set-uri=https://idp.example.invalid/jwks", "--herkomst.api.jwt.issuer=https://idp.example.invalid")) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            List<String> tables = jdbc.queryForList(
                    "select table_name from information_schema.tables where table_schema = 'public' order by 1", String.class);
            assertThat(tables).contains("domain_event_entry", "token_entry", "response_body", "authorization_state",
                    "collection_status", "collection_query", "dossier_resource", "dossier_source", "flyway_schema_history");
            assertThat(app.getEnvironment().getProperty("herkomst.sandbox.enabled")).isEqualTo("false");
            // the status for everyone; details only for an ADMIN token
            HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).containsAnyOf("\"UP\"", "\"DEGRADED\"").doesNotContain("components");
            // the API refuses a request without a token of the configured issuer
            HttpResponse<String> none = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + port + "/api/persons/p1/collections/6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b11")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("UNAUTHENTICATED");
            // production-like: the front end relays the provider's redirect; the backend's own redirect URI takes nothing
            HttpResponse<String> callback = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + port + "/oauth/callback?state=s&code=c")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(callback.statusCode()).isEqualTo(404);
            assertThat(callback.body()).contains("CALLBACK_RELAYED");
        } finally {
            try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + db + " with (force)");
            }
        }
    }

    static Connection connect(String db) {
        try {
            return DriverManager.getConnection(SERVER + db, "postgres", "");
        } catch (SQLException e) {
            String message = "no PostgreSQL at 127.0.0.1:5432 for user postgres (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + ": the machines' system PostgreSQL is required when CI=true");
            }
            assumeTrue(false, message + ": skipping the postgres profile test");
            return null;
        }
    }
}
