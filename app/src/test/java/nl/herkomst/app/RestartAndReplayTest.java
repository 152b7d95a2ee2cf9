package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * the projections rebuild them from the events, to the same content. Progress streams still open when it
 * stops end as it starts to stop, not when the web server's graceful shutdown gives up on them. A collection
 * the stop cuts off mid-fetch is taken up again after the restart and ends.
 */
class RestartAndReplayTest {

    @TempDir
    Path dir;
    int backendPort;
    int sandboxPort;

    ConfigurableApplicationContext start(String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=" + backendPort,
                "--herkomst.sandbox.port=" + sandboxPort,
                "--herkomst.sandbox.tls-dir=" + dir.resolve("tls"),
                "--herkomst.embedded-postgres.data-dir=" + dir.resolve("postgres")));
        args.addAll(java.util.List.of(more));
        return new SpringApplicationBuilder(HerkomstApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void theDossierSurvivesARestartAndProjectionsRebuildFromTheEvents() throws Exception {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            backendPort = a.getLocalPort();
            sandboxPort = b.getLocalPort();
        }
        Api.register(backendPort, sandboxPort, dir.resolve("tls"));
        Api api = new Api(backendPort);
        String collectionId;
        JsonNode before;
        JsonNode dossierBefore;
        String cutId;
        CompletableFuture<List<String>> sse;
        CompletableFuture<List<String>> subscription;
        // a graceful shutdown that would wait ten minutes for requests still open
        ConfigurableApplicationContext first = start("--spring.lifecycle.timeout-per-shutdown-phase=10m");
        try {
            JsonNode started = api.startCollection("demo-person", "sandbox@medmij", "48");
            collectionId = started.path("collectionId").asString();
            new SandboxLogin(dir.resolve("tls/ca.pem")).authorize(started.path("authorizationUrl").asString(), "demo");
            before = api.awaitFinal("demo-person", collectionId);
            assertThat(before.path("status").asString()).isEqualTo("COMPLETED");
            assertThat(before.path("resources").asInt()).isGreaterThanOrEqualTo(9);
            dossierBefore = awaitDossier(api, before.path("resources").asInt());

            // a collection nobody authorizes, its progress followed as server-sent events and as a GraphQL subscription
            String waiting = api.startCollection("stream-person", "sandbox@medmij", "48").path("collectionId").asString();
            sse = stream(api, "stream-person", "/api/persons/stream-person/collections/" + waiting + "/events", null);
            subscription = stream(api, "stream-person", "/graphql", Api.JSON.createObjectNode().put("query",
                    "subscription { collectionProgress(personId: \"stream-person\", collectionId: \"" + waiting + "\") { status } }").toString());

            // a collection the stop cuts off: the sandbox takes five seconds over its first query
            assertThat(sandbox("PUT", "/sandbox/behaviour/Patient?mode=slow").statusCode()).isEqualTo(200);
            JsonNode cut = api.startCollection("cut-person", "sandbox@medmij", "48");
            cutId = cut.path("collectionId").asString();
            new SandboxLogin(dir.resolve("tls/ca.pem")).authorize(cut.path("authorizationUrl").asString(), "demo");
            JsonNode now = null;
            for (int i = 0; i < 200 && (now == null || !now.path("status").asString().equals("FETCHING")); i++) {
                Thread.sleep(20);
                now = Api.JSON.readTree(api.get("/api/persons/cut-person/collections/" + cutId).body());
            }
            assertThat(now.path("status").asString()).isEqualTo("FETCHING");
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(90), first::close, "open streams held up the shutdown");
        }
        // the streams ended as the application started to stop, each after its first status
        assertThat(sse.get(5, TimeUnit.SECONDS)).singleElement().asString().contains("AWAITING_AUTHORIZATION");
        // (GraphQL over SSE ends with its "complete" event, which has an empty data line)
        assertThat(subscription.get(5, TimeUnit.SECONDS)).hasSize(2).satisfiesExactly(
                status -> assertThat(status).contains("collectionProgress", "AWAITING_AUTHORIZATION"), complete -> assertThat(complete).isEqualTo("data:"));

        JsonNode listsBefore;
        try (ConfigurableApplicationContext app = start("--herkomst.collection-recovery.stalled=1s", "--herkomst.collection-recovery.interval=1s")) {
            assertThat(api.awaitFinal("demo-person", collectionId)).isEqualTo(before);
            // the cut-off collection is taken up again and ends (the sandbox, restarted, no longer knows its token): no query is left pending
            JsonNode ended = api.awaitFinal("cut-person", cutId);
            assertThat(ended.path("queriesDone").asInt()).as(ended.toString()).isEqualTo(ended.path("queriesTotal").asInt());
            assertThat(ended.toString()).doesNotContain("\"PENDING\"").contains("TOKEN_EXPIRED");
            assertThat(ended.path("status").asString()).isEqualTo("FAILED");
            assertThat(api.resources("demo-person", null)).isEqualTo(dossierBefore);
            listsBefore = versions(api);
            api.token("admin-1", "ADMIN"); // for the health details while the sandbox (the demo issuer) is away
        }

        // the lists' network cut: no sandbox, nothing listening where the lists come from; a short maximum age
        // without the sandbox there is no demo issuer: the API verifies its tokens with the public key it left
        try (ConfigurableApplicationContext app = start("--herkomst.sandbox.enabled=false", "--herkomst.lists.max-age=2s",
                "--herkomst.api.jwt.public-key=" + dir.resolve("tls").resolve("api-token-public.pem"),
                "--herkomst.api.jwt.issuer=https://sandbox.localhost:" + sandboxPort + "/demo")) {
            assertThat(versions(api)).as("the persisted versions are still in use").isEqualTo(listsBefore);
            JsonNode zal = list(api, "zal");
            for (int i = 0; i < 200 && (zal.path("lastRejection").isMissingNode() || zal.path("lastRejection").isNull()); i++) {
                Thread.sleep(50); // the first download round runs beside the start
                zal = list(api, "zal");
            }
            assertThat(zal.path("lastRejection").path("code").asString()).isEqualTo("NETWORK");
            assertThat(zal.path("volgnummer").asString()).isEqualTo("1");
            assertThat(zal.path("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
            JsonNode providers = Api.JSON.readTree(api.get("/api/providers?gegevensdienst=48").body());
            assertThat(providers.path("providers").get(0).path("name").asString()).isEqualTo("sandbox@medmij");
            Thread.sleep(2_500);
            assertThat(list(api, "zal").path("status").asString()).isEqualTo("STALE");
            java.net.http.HttpResponse<String> health = api.get("/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode h = Api.JSON.readTree(health.body());
            assertThat(h.path("status").asString()).isEqualTo("DEGRADED");
            assertThat(h.path("components").path("medmijLists").path("details").path("zal").path("status").asString()).isEqualTo("STALE");
            assertThat(h.path("components").path("medmijLists").path("details").path("zal").path("ageSeconds").asLong()).isGreaterThanOrEqualTo(2);
        }

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
             Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from collection_query_resource");
            s.executeUpdate("delete from collection_query");
            s.executeUpdate("delete from collection_status");
            s.executeUpdate("delete from dossier_resource");
            s.executeUpdate("delete from dossier_source");
            s.executeUpdate("delete from medmij_list_version");
            s.executeUpdate("delete from medmij_list_rejection");
            int tokens = s.executeUpdate("delete from token_entry where processor_name in ('collection-status', 'dossier', 'medmij-lists')");
            assertThat(tokens).isEqualTo(5);
        }

        try (ConfigurableApplicationContext app = start()) {
            assertThat(api.awaitFinal("demo-person", collectionId)).isEqualTo(before);
            assertThat(awaitDossier(api, before.path("resources").asInt())).isEqualTo(dossierBefore);
            // the list versions, rebuilt from their events: the directory of every moment is back
            JsonNode rebuilt = null;
            for (int i = 0; i < 100 && !listsBefore.equals(rebuilt); i++) {
                Thread.sleep(50);
                rebuilt = historical(api);
            }
            assertThat(rebuilt).isEqualTo(listsBefore);
        }
    }

    java.net.http.HttpResponse<String> sandbox(String method, String pathAndQuery) throws Exception {
        return Api.sandbox(dir.resolve("tls/ca.pem"), sandboxPort, method, pathAndQuery);
    }

    /**
     * A stream opened as {@code person} (a GET, or a POST of {@code json}), once its first status has come: its remaining {@code data:} lines,
     * the first one included, as they come until the server ends it.
     */
    static CompletableFuture<List<String>> stream(Api api, String person, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base + path)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + api.token(person, "PERSON"));
        request = json == null ? request.GET() : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        java.util.Iterator<String> lines = response.body().iterator();
        List<String> data = new java.util.concurrent.CopyOnWriteArrayList<>();
        while (data.isEmpty() && lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                data.add(line);
            }
        }
        assertThat(data).as("a first status on " + path).isNotEmpty();
        return CompletableFuture.supplyAsync(() -> {
            lines.forEachRemaining(line -> {
                if (line.startsWith("data:")) {
                    data.add(line);
                }
            });
            return List.copyOf(data);
        });
    }

    /** Each list's Volgnummer and SHA-256 as /api/lists gives them. */
    static JsonNode versions(Api api) throws Exception {
        tools.jackson.databind.node.ObjectNode v = Api.JSON.createObjectNode();
        for (JsonNode l : Api.JSON.readTree(api.get("/api/lists").body()).path("lists")) {
            v.put(l.path("list").asString(), l.path("volgnummer").asString() + " " + l.path("sha256").asString());
        }
        return v;
    }

    /** The same, from the version table: the lists in use now, asked as a moment of the history. */
    static JsonNode historical(Api api) throws Exception {
        tools.jackson.databind.node.ObjectNode v = Api.JSON.createObjectNode();
        for (JsonNode l : Api.JSON.readTree(api.get("/api/lists?at=" + java.time.Instant.now()).body()).path("lists")) {
            v.put(l.path("list").asString(), l.path("volgnummer").asString() + " " + l.path("sha256").asString());
        }
        return v;
    }

    static JsonNode list(Api api, String name) throws Exception {
        for (JsonNode l : Api.JSON.readTree(api.get("/api/lists").body()).path("lists")) {
            if (l.path("list").asString().equals(name)) {
                return l;
            }
        }
        throw new AssertionError("no list " + name);
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
