package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import nl.herkomst.HerkomstApplication;
import nl.herkomst.app.qualification.SandboxLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Stop the application and start it again on the same data folder: the dossier and the statuses are
 * still there. Empty the read models (and the projections' tokens) while it is down: on the next start
 * the projections rebuild them from the events, to the same content.
 */
class RestartAndReplayTest {

    @TempDir
    Path dir;
    int backendPort;
    int sandboxPort;

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(HerkomstApplication.class).run(
                "--server.port=" + backendPort,
                "--herkomst.sandbox.port=" + sandboxPort,
                "--herkomst.sandbox.tls-dir=" + dir.resolve("tls"),
                "--herkomst.embedded-postgres.data-dir=" + dir.resolve("postgres"));
    }

    @Test
    void theDossierSurvivesARestartAndProjectionsRebuildFromTheEvents() throws Exception {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            backendPort = a.getLocalPort();
            sandboxPort = b.getLocalPort();
        }
        Api api = new Api(backendPort);
        String collectionId;
        JsonNode before;
        JsonNode dossierBefore;
        try (ConfigurableApplicationContext app = start()) {
            JsonNode started = api.startCollection("demo-person", "sandbox@medmij", "48");
            collectionId = started.path("collectionId").asString();
            new SandboxLogin(dir.resolve("tls/ca.pem")).authorize(started.path("authorizationUrl").asString(), "demo");
            before = api.awaitFinal("demo-person", collectionId);
            assertThat(before.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(before.path("resources").asInt()).isGreaterThanOrEqualTo(9);
            dossierBefore = awaitDossier(api, before.path("resources").asInt());
        }

        try (ConfigurableApplicationContext app = start()) {
            assertThat(api.awaitFinal("demo-person", collectionId)).isEqualTo(before);
            assertThat(api.resources("demo-person", null)).isEqualTo(dossierBefore);
        }

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
             Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from collection_query_resource");
            s.executeUpdate("delete from collection_query");
            s.executeUpdate("delete from collection_status");
            s.executeUpdate("delete from dossier_resource");
            s.executeUpdate("delete from dossier_source");
            int tokens = s.executeUpdate("delete from token_entry where processor_name in ('collection-status', 'dossier')");
            assertThat(tokens).isEqualTo(4);
        }

        try (ConfigurableApplicationContext app = start()) {
            assertThat(api.awaitFinal("demo-person", collectionId)).isEqualTo(before);
            assertThat(awaitDossier(api, before.path("resources").asInt())).isEqualTo(dossierBefore);
        }
    }

    static JsonNode awaitDossier(Api api, int expected) throws Exception {
        JsonNode resources = api.resources("demo-person", null);
        for (int i = 0; i < 200 && resources.size() < expected; i++) {
            Thread.sleep(50);
            resources = api.resources("demo-person", null);
        }
        assertThat(resources).hasSize(expected);
        return resources;
    }
}
