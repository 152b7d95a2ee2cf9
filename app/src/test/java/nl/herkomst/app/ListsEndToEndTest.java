package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import nl.herkomst.app.qualification.SandboxLogin;
import nl.herkomst.sandbox.tls.SandboxTls;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The MedMij lists in the default run: the backend downloads all four from the sandbox (its stelselnode),
 * over the real fetch path; what the sandbox publishes next is accepted or rejected with a reason, and
 * recorded; the directory of any past moment can be asked for; the Whitelist stops a token exchange to a
 * host that is not on it before any connection is made; a client id missing from the OCL stops a
 * collection from starting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListsEndToEndTest {

    @TempDir
    static Path tls;
    static int backendPort;
    static int sandboxPort;
    /** Each list the test publishes gets a higher Volgnummer than any before. */
    static final AtomicInteger VOLGNUMMER = new AtomicInteger(100);

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        backendPort = CollectionEndToEndTest.freePort();
        sandboxPort = CollectionEndToEndTest.freePort();
        CollectionEndToEndTest.backend(registry, backendPort, sandboxPort, tls);
        registry.add("herkomst.lists.snapshot-every", () -> "3");
    }

    Api api() {
        return new Api(backendPort);
    }

    HttpClient sandbox() throws Exception {
        return HttpClient.newBuilder().sslContext(SandboxTls.trusting(tls.resolve("ca.pem"))).build();
    }

    String sandboxList(String file) throws Exception {
        return sandbox().send(HttpRequest.newBuilder(URI.create("https://localhost:" + sandboxPort + "/medmij/" + file)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    void publish(String list, String body, int status, String contentType) throws Exception {
        HttpResponse<String> r = sandbox().send(HttpRequest.newBuilder(URI.create("https://localhost:" + sandboxPort + "/sandbox/lists/" + list
                        + "?status=" + status + "&content-type=" + java.net.URLEncoder.encode(contentType, StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    void unpublish() throws Exception {
        sandbox().send(HttpRequest.newBuilder(URI.create("https://localhost:" + sandboxPort + "/sandbox/lists")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sandbox's own list, with a Volgnummer higher than any before. */
    String next(String file) throws Exception {
        unpublish();
        String own = sandboxList(file);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<Volgnummer>(\\d+)</Volgnummer>").matcher(own);
        m.find();
        int number = VOLGNUMMER.updateAndGet(v -> Math.max(v, Integer.parseInt(m.group(1))) + 1);
        return own.replaceFirst("<Volgnummer>\\d+</Volgnummer>", "<Volgnummer>" + number + "</Volgnummer>");
    }

    JsonNode refresh() throws Exception {
        HttpResponse<String> r = api().post("/api/lists/refresh", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Api.JSON.readTree(r.body());
    }

    JsonNode list(String name) throws Exception {
        HttpResponse<String> r = api().get("/api/lists");
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode l : Api.JSON.readTree(r.body()).path("lists")) {
            if (l.path("list").asString().equals(name)) {
                return l;
            }
        }
        throw new AssertionError("no list " + name + " in " + r.body());
    }

    List<String> events(String type) {
        return jdbc.queryForList("select convert_from(payload, 'UTF8') from domain_event_entry where payload_type = ? order by global_index",
                String.class, "nl.herkomst.api.event." + type);
    }

    @Test
    @Order(1)
    void theBackendDownloadsAllFourListsFromTheSandbox() throws Exception {
        for (String name : List.of("zal", "ocl", "gnl", "whitelist")) {
            JsonNode l = list(name);
            assertThat(l.path("status").asString()).as(name).isEqualTo("CURRENT");
            assertThat(l.path("volgnummer").asString()).as(name).isEqualTo("1");
            assertThat(l.path("release").asString()).isEqualTo("1.1");
            assertThat(l.path("source").asString()).startsWith("https://sandbox.localhost:" + sandboxPort + "/medmij/").endsWith("?api=1");
            assertThat(l.path("sha256").asString()).hasSize(64);
            assertThat(l.path("ageSeconds").asLong()).isBetween(0L, 600L);
        }
        assertThat(list("zal").path("counts").path("zorgaanbieders").asInt()).isEqualTo(1);
        assertThat(list("whitelist").path("counts").path("medmijnodes").asInt()).isEqualTo(1);
        assertThat(events("ListVersionAccepted")).hasSize(4);
        // the bytes of every version are kept, addressed by their SHA-256
        String sha = list("zal").path("sha256").asString();
        assertThat(jdbc.queryForObject("select count(*) from response_body where sha256 = ?", Integer.class, sha)).isEqualTo(1);
        // a second download of the same lists records nothing
        JsonNode again = refresh();
        assertThat(again.path("zal").asString()).isEqualTo("UNCHANGED");
        assertThat(events("ListVersionAccepted")).hasSize(4);
        assertThat(api().get("/actuator/health").body()).contains("\"medmijLists\"");
    }

    @Test
    @Order(2)
    void theProviderDirectoryFindsProvidersByNameAndGegevensdienstWithTheirGnlNames() throws Exception {
        JsonNode all = Api.JSON.readTree(api().get("/api/providers?q=SAND&gegevensdienst=48").body());
        assertThat(all.path("zalVolgnummer").asString()).isEqualTo("1");
        assertThat(all.path("total").asInt()).isEqualTo(1);
        JsonNode p = all.path("providers").get(0);
        assertThat(p.path("name").asString()).isEqualTo("sandbox@medmij");
        assertThat(p.path("gegevensdiensten").toString()).contains("{\"id\":\"48\",\"name\":\"Basisgegevensset Zorg\"}");
        assertThat(Api.JSON.readTree(api().get("/api/providers?gegevensdienst=4").body()).path("total").asInt())
                .as("gegevensdienst ids match exactly").isZero();
        assertThat(Api.JSON.readTree(api().get("/api/providers?q=elders").body()).path("total").asInt()).isZero();
        for (String bad : List.of("?limit=0", "?limit=501", "?at=yesterday", "?gegevensdienst=" + "x".repeat(31), "?q=" + "x".repeat(101))) {
            HttpResponse<String> r = api().get("/api/providers" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).contains("\"code\":\"INVALID_");
        }
    }

    @Test
    @Order(3)
    void aBadDownloadIsRejectedWithItsReasonAndThePreviousVersionStaysInUse() throws Exception {
        String zal = next("MedMij_Zorgaanbiederslijst.xml");
        record Bad(String body, int status, String type, String code) {
        }
        List<Bad> bad = List.of(
                new Bad(zal.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                        "<?xml version=\"1.0\"?><!DOCTYPE z [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"), 200, "application/xml", "DOCTYPE"),
                new Bad(zal.substring(0, zal.length() / 2), 200, "application/xml", "NOT_WELL_FORMED"),
                new Bad(zal, 503, "application/xml", "HTTP_STATUS"),
                new Bad(zal, 200, "text/html", "CONTENT_TYPE"),
                new Bad(zal.replace("https://sandbox.localhost:" + sandboxPort + "/oauth2/token", "http://sandbox.localhost/oauth2/token"), 200,
                        "application/xml", "VALUE"),
                new Bad(zal.replaceFirst("<Volgnummer>\\d+</Volgnummer>", "<Volgnummer>1</Volgnummer>")
                        .replace("Zorgaanbieders>", "Zorgaanbieders>"), 200, "text/xml; charset=UTF-8", null));
        int rejectedBefore = events("ListDownloadRejected").size();
        for (Bad b : bad) {
            publish("zal", b.body(), b.status(), b.type());
            String outcome = refresh().path("zal").asString();
            if (b.code() == null) {
                assertThat(outcome).as("the sandbox's own list again, with its own Volgnummer").isEqualTo("UNCHANGED");
                continue;
            }
            assertThat(outcome).isEqualTo("REJECTED:" + b.code());
            JsonNode l = list("zal");
            assertThat(l.path("volgnummer").asString()).isEqualTo("1");
            assertThat(l.path("lastRejection").path("code").asString()).isEqualTo(b.code());
            assertThat(l.path("lastRejection").path("reasons").toString()).isNotEqualTo("[]");
        }
        List<String> rejected = events("ListDownloadRejected");
        assertThat(rejected).hasSize(rejectedBefore + 5);
        assertThat(String.join("\n", rejected)).contains("\"code\":\"DOCTYPE\"", "\"httpStatus\":503", "\"code\":\"CONTENT_TYPE\"")
                .doesNotContain("root:");
        // a lower Volgnummer than the accepted one, with other bytes
        publish("zal", zal.replaceFirst("<Volgnummer>\\d+</Volgnummer>", "<Volgnummer>1</Volgnummer>").replace("    <Zorgaanbieders>",
                "<!-- changed -->\n    <Zorgaanbieders>"), 200, "application/xml");
        assertThat(refresh().path("zal").asString()).isEqualTo("REJECTED:VOLGNUMMER_NOT_HIGHER");
        assertThat(list("zal").path("lastRejection").path("reasons").toString()).contains("Volgnummer 1 is not higher than the accepted 1");
        // an empty Whitelist never replaces the sandbox's
        String whitelist = next("MedMij_Whitelist.xml");
        publish("whitelist", whitelist.replaceAll("(?s)<MedMijNodes>.*</MedMijNodes>", "<MedMijNodes/>"), 200, "application/xml");
        assertThat(refresh().path("whitelist").asString()).isEqualTo("REJECTED:EMPTY_WHITELIST");
        assertThat(list("whitelist").path("counts").path("medmijnodes").asInt()).isEqualTo(1);
        unpublish();
    }

    @Test
    @Order(4)
    void theDirectoryOfAnEarlierMomentIsTheOneThatWasInUseThen() throws Exception {
        String volgnummerBefore = list("zal").path("volgnummer").asString();
        // the version table is a projection: wait until it has the version in use
        for (int i = 0; i < 100 && !Api.JSON.readTree(api().get("/api/providers?at=" + Instant.now()).body()).path("zalVolgnummer").asString()
                .equals(volgnummerBefore); i++) {
            Thread.sleep(50);
        }
        Instant before = Instant.now();
        Thread.sleep(20);
        String zal = next("MedMij_Zorgaanbiederslijst.xml");
        String second = zal.substring(zal.indexOf("        <Zorgaanbieder>"), zal.indexOf("    </Zorgaanbieders>"))
                .replace("sandbox@medmij", "tweedezorgaanbieder@medmij");
        publish("zal", zal.replace("    </Zorgaanbieders>", second + "    </Zorgaanbieders>"), 200, "application/xml");
        assertThat(refresh().path("zal").asString()).isEqualTo("ACCEPTED");
        JsonNode now = Api.JSON.readTree(api().get("/api/providers").body());
        assertThat(now.path("total").asInt()).isEqualTo(2);
        assertThat(now.path("zalVolgnummer").asString()).isEqualTo(String.valueOf(VOLGNUMMER.get()));
        JsonNode then = Api.JSON.readTree(api().get("/api/providers?at=" + before).body());
        assertThat(then.path("total").asInt()).isEqualTo(1);
        assertThat(then.path("zalVolgnummer").asString()).isEqualTo(volgnummerBefore);
        JsonNode lists = Api.JSON.readTree(api().get("/api/lists?at=" + before).body());
        assertThat(lists.toString()).contains("\"list\":\"zal\",").contains("\"status\":\"HISTORICAL\",\"volgnummer\":\"" + volgnummerBefore + "\"");
        assertThat(api().get("/api/providers?at=2000-01-01T00:00:00Z").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void aTokenEndpointNotOnTheWhitelistIsNeverContacted() throws Exception {
        try (ServerSocket outsider = new ServerSocket(0)) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!outsider.isClosed()) {
                    try (Socket s = outsider.accept(); InputStream in = s.getInputStream()) {
                        connections.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String elsewhere = "https://buiten.localhost:" + outsider.getLocalPort();
            String zal = next("MedMij_Zorgaanbiederslijst.xml").replace("https://sandbox.localhost:" + sandboxPort + "/oauth2/token",
                    elsewhere + "/oauth2/token");
            publish("zal", zal, 200, "application/xml");
            assertThat(refresh().path("zal").asString()).isEqualTo("ACCEPTED");

            JsonNode started = api().startCollection("whitelist-person", "sandbox@medmij", "48");
            SandboxLogin.Callback callback = new SandboxLogin(tls.resolve("ca.pem")).authorize(started.path("authorizationUrl").asString(), "demo");
            assertThat(callback.status()).isEqualTo(200);
            JsonNode status = api().awaitFinal("whitelist-person", started.path("collectionId").asString());
            assertThat(status.path("status").asString()).isEqualTo("FAILED");
            assertThat(status.path("outcome").asString()).isEqualTo("TECHNICAL_ERROR");
            assertThat(status.path("reason").asString()).startsWith("token exchange failed: host_not_whitelisted");
            // in the store the description is sealed with the person's key; the auditors' history shows it opened
            assertThat(String.join("\n", events("TokenExchangeFailed"))).contains("\"error\":\"host_not_whitelisted\"")
                    .doesNotContain("buiten.localhost");
            assertThat(api().get("/api/audit/persons/whitelist-person/events").body()).contains("\"error\":\"host_not_whitelisted\"")
                    .contains("host buiten.localhost is not on the Whitelist (Volgnummer " + list("whitelist").path("volgnummer").asString()
                            + "): no connection was opened");
            Thread.sleep(200);
            assertThat(connections.get()).as("connections to the host that is not on the Whitelist").isZero();
        }
        unpublish();
        publish("zal", next("MedMij_Zorgaanbiederslijst.xml"), 200, "application/xml");
        assertThat(refresh().path("zal").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    @Order(6)
    void aClientIdThatIsNotOnTheOclStopsACollectionFromStarting() throws Exception {
        String ocl = next("MedMij_OAuthclientlist.xml").replace("<Hostname>herkomst.localhost</Hostname>", "<Hostname>andere.pgo.nl</Hostname>");
        publish("ocl", ocl, 200, "application/xml");
        assertThat(refresh().path("ocl").asString()).isEqualTo("ACCEPTED");
        HttpResponse<String> r = api().post("/api/persons/ocl-person/collections", "{\"provider\":\"sandbox@medmij\",\"gegevensdienst\":\"48\"}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"code\":\"CLIENT_NOT_ON_OCL\"").contains("herkomst.localhost");
        publish("ocl", next("MedMij_OAuthclientlist.xml"), 200, "application/xml");
        assertThat(refresh().path("ocl").asString()).isEqualTo("ACCEPTED");
        assertThat(api().post("/api/persons/ocl-person/collections", "{\"provider\":\"sandbox@medmij\",\"gegevensdienst\":\"48\"}").statusCode())
                .isEqualTo(201);
        unpublish();
        assertThat(new String(sandboxList("MedMij_OAuthclientlist.xml").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("herkomst.localhost");
    }

    @Test
    @Order(7)
    void withoutTheSandboxOnTheWhitelistNoCollectionReachesIt() throws Exception {
        String whitelist = next("MedMij_Whitelist.xml").replace("<Hostname>sandbox.localhost</Hostname>", "<Hostname>elders.example.nl</Hostname>");
        publish("whitelist", whitelist, 200, "application/xml");
        assertThat(refresh().path("whitelist").asString()).as("the stelselnode itself still serves the lists").isEqualTo("ACCEPTED");
        JsonNode started = api().startCollection("no-whitelist-person", "sandbox@medmij", "48");
        new SandboxLogin(tls.resolve("ca.pem")).authorize(started.path("authorizationUrl").asString(), "demo");
        JsonNode status = api().awaitFinal("no-whitelist-person", started.path("collectionId").asString());
        assertThat(status.path("status").asString()).isEqualTo("FAILED");
        assertThat(status.path("reason").asString()).startsWith("token exchange failed: host_not_whitelisted");
        // going back: the sandbox's own Whitelist returns with a Volgnummer above the published one
        unpublish();
        assertThat(refresh().path("whitelist").asString()).isEqualTo("ACCEPTED");
        assertThat(list("whitelist").path("counts").path("medmijnodes").asInt()).isEqualTo(1);
        assertThat(sandboxList("MedMij_Whitelist.xml")).contains("<Hostname>sandbox.localhost</Hostname>");
    }

    @Test
    @Order(8)
    void refreshesAtTheSameTimeWaitForEachOtherAndEachAnswers() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> api().post("/api/lists/refresh", "")));
            }
            for (var a : answers) {
                HttpResponse<String> r = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains("\"zal\":\"UNCHANGED\"").doesNotContain("ERROR");
            }
            assertThat((System.nanoTime() - start) / 1_000_000_000).as("seconds for six refreshes at once").isLessThan(30);
        } finally {
            pool.shutdownNow();
        }
        // the lists' histories are long enough by now to have been snapshotted; they still load and judge
        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where type = 'MedMijList'", Integer.class)).isPositive();
        publish("zal", sandboxList("MedMij_Zorgaanbiederslijst.xml").replaceFirst("<Volgnummer>\\d+</Volgnummer>", "<Volgnummer>1</Volgnummer>")
                .replace("<Zorgaanbieders>", "<!-- other --><Zorgaanbieders>"), 200, "application/xml");
        assertThat(refresh().path("zal").asString()).isEqualTo("REJECTED:VOLGNUMMER_NOT_HIGHER");
        unpublish();
        HttpResponse<String> bad = api().get("/api/providers?q=%FF%FE");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"code\":\"INVALID_REQUEST\"");
        assertThat(api().get("/actuator/health?x=%C0%AF").statusCode()).isEqualTo(400);
        assertThat(api().get("/api/lists?at=-1000000000-01-01T00:00:00Z").body()).contains("INVALID_MOMENT");
    }
}
