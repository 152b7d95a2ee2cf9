package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.herkomst.app.qualification.SandboxLogin;
import nl.herkomst.sandbox.NictizMaterial;
import nl.herkomst.sandbox.qualification.SharedFixtures;
import nl.herkomst.sandbox.qualification.TestScriptReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole path through real HTTP: the backend on the embedded PostgreSQL, the sandbox serving the Nictiz
 * fixtures, a person logging in at the sandbox, the token exchange, every query of the gegevensdienst, the
 * dossier. Expected counts come from the Nictiz PHR-Client TestScripts themselves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class CollectionEndToEndTest {

    static final String RIJN_TOKEN = "7ce7c666-6f96-40a7-a8fa-922056cb18b4";
    static final String HOFF_TOKEN = "1ddbc5c4-9309-436d-b4c7-8416610c215c";

    @TempDir
    static Path tls;
    static int backendPort;
    static int sandboxPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    nl.herkomst.app.qualification.QualificationDryRuns dryRuns;

    @BeforeAll
    static void requireMaterial() {
        NictizMaterial.require();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        backendPort = freePort();
        sandboxPort = freePort();
        CollectionEndToEndTest.backend(registry, backendPort, sandboxPort, tls);
        registry.add("herkomst.sandbox.fixtures", () -> SharedFixtures.nictiz().map(Path::toString).orElse("missing"));
    }

    /** A backend and its sandbox on these ports, the sandbox's certificates in {@code tls}, a throw-away database. */
    static void backend(DynamicPropertyRegistry registry, int backendPort, int sandboxPort, Path tls) {
        Api.register(backendPort, sandboxPort, tls);
        registry.add("server.port", () -> backendPort);
        registry.add("herkomst.sandbox.port", () -> sandboxPort);
        registry.add("herkomst.sandbox.tls-dir", tls::toString);
        registry.add("herkomst.embedded-postgres.data-dir", () -> "");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Api api() {
        return new Api(backendPort);
    }

    SandboxLogin browser() throws Exception {
        return new SandboxLogin(tls.resolve("ca.pem"));
    }

    static List<TestScriptReader.Expectation> scripts(String prefix) throws Exception {
        return TestScriptReader.readFolder(SharedFixtures.bgzTestScripts(NictizMaterial.require()), prefix);
    }

    /** Runs one BgZ collection for a person who logs in as {@code username}; returns the final status. */
    JsonNode collect(String person, String username, List<SandboxLogin.Callback> callbacks) throws Exception {
        return collect(person, username, "48", callbacks);
    }

    JsonNode collect(String person, String username, String gegevensdienst, List<SandboxLogin.Callback> callbacks) throws Exception {
        JsonNode started = api().startCollection(person, "sandbox@medmij", gegevensdienst);
        assertThat(started.path("status").asString()).isEqualTo("AWAITING_AUTHORIZATION");
        SandboxLogin.Callback callback = browser().authorize(started.path("authorizationUrl").asString(), username);
        callbacks.add(callback);
        assertThat(callback.status()).isEqualTo(200);
        assertThat(callback.body()).contains("Toestemming ontvangen");
        JsonNode status = api().awaitFinal(person, started.path("collectionId").asString());
        awaitDossier(person, status.path("resources").asInt());
        return status;
    }

    void awaitDossier(String person, int expected) throws Exception {
        for (int i = 0; i < 200 && api().resources(person, null).size() < expected; i++) {
            Thread.sleep(50);
        }
    }

    /** (query, resource type) → number of resources in the dossier. */
    Map<String, Integer> dossierCounts(String person) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode r : api().resources(person, null)) {
            counts.merge(r.path("provenance").path("query").asString() + " " + r.path("resourceType").asString(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void rijnGetsEveryCountTheTestScriptsAssert(CapturedOutput output) throws Exception {
        List<SandboxLogin.Callback> callbacks = new ArrayList<>();
        JsonNode status = collect("rijn", "medmij-bgz-test-patA", callbacks);
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("COMPLETED");

        List<String> configured = new ArrayList<>();
        status.path("queries").forEach(q -> configured.add(q.path("query").asString()));
        Map<String, Integer> dossier = dossierCounts("rijn");
        int checked = 0;
        for (TestScriptReader.Expectation script : scripts("medmij-bgz-test-phr-1-")) {
            assertThat(configured).as("the BgZ query set contains the query of " + script.script()).contains(script.query());
            for (Map.Entry<String, Integer> expected : script.counts().entrySet()) {
                assertThat(dossier.getOrDefault(script.query() + " " + expected.getKey(), 0))
                        .as(script.script() + ": " + expected.getKey()).isEqualTo(expected.getValue());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(30);
        // e.g. the issue's own examples
        assertThat(api().resources("rijn", "Condition")).hasSize(5);
        assertThat(api().resources("rijn", "Coverage")).hasSize(2);

        JsonNode condition = api().resources("rijn", "Condition").get(0);
        JsonNode provenance = condition.path("provenance");
        assertThat(provenance.path("provider").asString()).isEqualTo("sandbox@medmij");
        assertThat(provenance.path("gegevensdienst").asString()).isEqualTo("48");
        assertThat(provenance.path("systeemrol").asString()).isEqualTo("MM-3.0.0-BZB-FHIR");
        assertThat(provenance.path("fhirVersion").asString()).isEqualTo("STU3");
        assertThat(provenance.path("query").asString()).isEqualTo("Condition");
        assertThat(provenance.path("receivedAt").asString()).endsWith("Z");
        assertThat(provenance.path("responseSha256").asString()).hasSize(64);
        assertThat(provenance.path("gegevensdienstVersion").asString()).isEqualTo("3.0");
        assertThat(provenance.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(provenance.path("requestUrl").asString()).endsWith("/fhir/stu3/Condition");
        assertThat(provenance.path("requestId").asString()).hasSize(36);
        assertThat(provenance.path("correlationId").asString()).hasSize(36);
        assertThat(provenance.path("listVersion").asString()).isEqualTo("1");
        assertThat(provenance.path("whitelistVersion").asString()).isEqualTo("1");
        assertThat(condition.path("resource").path("resourceType").asString()).isEqualTo("Condition");
        assertThat(condition.path("resource").path("subject").path("reference").asString()).isEqualTo("Patient/medmij-bgz-test-patA");

        assertReceivedAsSentAndListedElementByElement("rijn");

        HttpResponse<String> prov = api().get("/api/persons/rijn/resources/Condition/" + condition.path("id").asString() + "/provenance");
        assertThat(prov.statusCode()).isEqualTo(200);
        assertThat(prov.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        JsonNode provenanceResource = Api.JSON.readTree(prov.body());
        assertThat(provenanceResource.path("resourceType").asString()).isEqualTo("Provenance");
        assertThat(provenanceResource.path("target").get(0).path("reference").asString()).startsWith("Condition/");
        assertThat(prov.body()).contains("provenance-medmij-request-id").contains("provenance-x-correlation-id")
                .contains("provenance-zorgaanbiederslijst-volgnummer").contains(provenance.path("responseSha256").asString());
        JsonNode all = Api.JSON.readTree(api().get("/api/persons/rijn/provenance").body());
        assertThat(all.path("resourceType").asString()).isEqualTo("Bundle");
        assertThat(all.path("entry").size()).isEqualTo(api().resources("rijn", null).size());
        assertNoSecretsAnywhere(callbacks, RIJN_TOKEN, output);
    }

    /** Every dossier resource equals what the provider sent, and its element list holds every primitive of it. */
    void assertReceivedAsSentAndListedElementByElement(String person) throws Exception {
        tools.jackson.databind.json.JsonMapper precise = nl.herkomst.query.elements.FhirJson.MAPPER;
        int checked = 0;
        for (JsonNode item : api().resources(person, null)) {
            JsonNode provenance = item.path("provenance");
            byte[] body = jdbc.queryForObject("select content from response_body where sha256 = ?", byte[].class,
                    provenance.path("responseSha256").asString());
            JsonNode page = precise.readTree(body);
            boolean found = false;
            for (JsonNode entry : page.path("entry")) {
                if (entry.path("resource").path("id").asString().equals(item.path("id").asString())
                        && entry.path("resource").path("resourceType").asString().equals(item.path("resourceType").asString())) {
                    assertThat(precise.readTree(item.path("resource").toString())).isEqualTo(entry.path("resource"));
                    found = true;
                }
            }
            assertThat(found).as(item.path("resourceType").asString() + "/" + item.path("id").asString()).isTrue();
            checked++;
        }
        assertThat(checked).isGreaterThan(40);

        HttpResponse<String> r = api().get("/api/persons/" + person + "/resources/Observation/zib-BloodPressure-medmij-bgz-test-patA-bloodpressure1?view=elements");
        if (r.statusCode() == 404) {
            JsonNode anObservation = api().resources(person, "Observation").get(0);
            r = api().get("/api/persons/" + person + "/resources/Observation/" + anObservation.path("id").asString() + "?view=elements");
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode elements = Api.JSON.readTree(r.body()).path("elements");
        assertThat(elements.size()).isGreaterThan(10);
        elements.forEach(e -> assertThat(e.path("label").asString()).isNotBlank());
        assertThat(api().get("/api/persons/" + person + "/resources/Observation/does-not-exist?view=elements").statusCode()).isEqualTo(404);
        assertThat(api().get("/api/persons/someone-else/resources/Condition/zib-Problem-medmij-bgz-test-patA-problem1").statusCode())
                .as("another person's resource is not found").isEqualTo(404);
    }

    @Test
    void selfMeasurementsOfSmorenburgComeInAsTheRetrieveScriptsExpect(CapturedOutput output) throws Exception {
        List<SandboxLogin.Callback> callbacks = new ArrayList<>();
        JsonNode status = collect("smorenburg", "selfmeasurements-Patient-XXX-Smorenburg", "52", callbacks);
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("COMPLETED");
        Map<String, Integer> dossier = dossierCounts("smorenburg");
        List<String> configured = new ArrayList<>();
        status.path("queries").forEach(q -> configured.add(q.path("query").asString()));
        int checked = 0;
        Path folder = NictizMaterial.require().resolve("Nictiz-testscripts/output/STU3/SelfMeasurements-2-0/MedMij/Test/Retrieving-PHR");
        for (TestScriptReader.Expectation script : TestScriptReader.readFolder(folder, "selfmeasurements-phr-retrieve-")) {
            if (!configured.contains(script.query())) {
                continue; // $lastn and date windows are scenario requests, not part of the collection's query set
            }
            for (Map.Entry<String, Integer> expected : script.counts().entrySet()) {
                assertThat(dossier.getOrDefault(script.query() + " " + expected.getKey(), 0)).as(script.script()).isEqualTo(expected.getValue());
                checked++;
            }
        }
        assertThat(checked).as("one 'all' script per measurement").isEqualTo(9);
        JsonNode provenance = api().resources("smorenburg", "Observation").get(0).path("provenance");
        assertThat(provenance.path("gegevensdienst").asString()).isEqualTo("52");
        assertThat(provenance.path("gegevensdienstVersion").asString()).isEqualTo("2.0");
        assertNoSecretsAnywhere(callbacks, "7c0f1645-2ebb-44b6-a77d-88e18a88ea66", output);
    }

    @Test
    void vaccinationsComeInAsFhirR4BesideTheStu3Services() throws Exception {
        JsonNode status = collect("biezen", "nl-core-Patient--XXX-Biezen", "vaccinatie-immunisatie", new ArrayList<>());
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("COMPLETED");
        JsonNode immunizations = api().resources("biezen", "Immunization");
        assertThat(immunizations).hasSize(4);
        assertThat(immunizations.get(0).path("provenance").path("fhirVersion").asString()).isEqualTo("R4");
        assertThat(immunizations.get(0).path("provenance").path("requestUrl").asString()).contains("/fhir/r4/Immunization");
        HttpResponse<String> elements = api().get("/api/persons/biezen/resources/Immunization/" + immunizations.get(0).path("id").asString()
                + "?view=elements");
        assertThat(elements.statusCode()).isEqualTo(200);
        assertThat(elements.body()).as("R4 datatypes from the R4 definitions")
                .contains("\"path\":\"vaccineCode.text\",\"label\":\"Vaccine code › Text\",\"datatype\":\"string\"")
                .contains("\"datatype\":\"code\"");
    }

    @Test
    void medicationProcess9ComesInWithItsModifierExtensionsFlagged() throws Exception {
        JsonNode status = collect("sonnenberg", "nl-core-Patient-mp9-R-vanXXX-Sonnenberg", "medicatieproces-9", new ArrayList<>());
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("COMPLETED");
        assertThat(status.path("queriesTotal").asInt()).isEqualTo(7);
        status.path("queries").forEach(q -> assertThat(q.path("resources").asInt()).as(q.toString()).isPositive());
        boolean flagged = false;
        for (JsonNode r : api().resources("sonnenberg", "MedicationRequest")) {
            JsonNode view = Api.JSON.readTree(api().get("/api/persons/sonnenberg/resources/MedicationRequest/" + r.path("id").asString()
                    + "?view=elements").body());
            if (view.path("hasModifierExtension").asBoolean()) {
                flagged = true;
                assertThat(view.path("elements").toString()).contains("\"modifier\":true");
            }
        }
        assertThat(flagged).as("an MP9 stop type is a modifierExtension and is flagged").isTrue();
    }

    @Test
    void documentsComeWithTheirBinariesAndAnUnknownBinaryIsAnOutcomeNotAFailure() throws Exception {
        JsonNode status = collect("baltus", "example-pdfa-kwalificatie1", "51", new ArrayList<>());
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("COMPLETED");
        JsonNode query = status.path("queries").get(0);
        assertThat(query.path("outcome").asString()).isEqualTo("DATA");
        assertThat(query.path("issues").toString()).contains("not-found").contains("foutieve-en-onbekend-id");
        assertThat(api().resources("baltus", "DocumentReference")).hasSize(3);
        JsonNode binaries = api().resources("baltus", "Binary");
        assertThat(binaries).hasSize(2);
        assertThat(binaries.get(0).path("resource").path("contentType").asString()).isEqualTo("application/pdf");
        assertThat(binaries.get(0).path("provenance").path("requestUrl").asString()).contains("/Binary/");
    }

    @Test
    void aGegevensdienstVersionThisPgoIsNotQualifiedForIsRefusedBeforeAnyRequest() throws Exception {
        long responsesBefore = jdbc.queryForObject("select count(*) from response_body", Long.class);
        HttpResponse<String> refused = api().post("/api/persons/p2/collections", "{\"provider\":\"sandbox@medmij\",\"gegevensdienst\":\"49\"}");
        assertProblem(refused, 400, "GEGEVENSDIENST_NOT_QUALIFIED");
        assertThat(Api.JSON.readTree(refused.body()).path("detail").asString()).contains("version 2.0");
        assertThat(jdbc.queryForObject("select count(*) from collection_status where person_id = 'p2'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from response_body", Long.class)).isEqualTo(responsesBefore);
    }

    @Test
    void hoffHasAlmostNothingAndThatIsNotAFailure(CapturedOutput output) throws Exception {
        List<SandboxLogin.Callback> callbacks = new ArrayList<>();
        JsonNode status = collect("hoff", "XXX_Hoff", callbacks);
        assertThat(status.path("status").asString()).as(status.toString()).isIn("COMPLETED", "NO_DATA");
        status.path("queries").forEach(q -> assertThat(q.path("outcome").asString()).as(q.toString()).isIn("DATA", "NO_DATA"));
        assertThat(status.path("outcome").asString()).isIn("DATA", "NO_DATA");
        Map<String, Integer> dossier = dossierCounts("hoff");
        for (TestScriptReader.Expectation script : scripts("medmij-bgz-test-phr-2-")) {
            for (Map.Entry<String, Integer> expected : script.counts().entrySet()) {
                assertThat(dossier.getOrDefault(script.query() + " " + expected.getKey(), 0))
                        .as(script.script() + ": " + expected.getKey()).isEqualTo(expected.getValue());
            }
            if (script.onlyOperationOutcome()) {
                assertThat(dossier.keySet()).as(script.script() + " returns nothing").noneMatch(k -> k.startsWith(script.query() + " "));
            }
        }
        assertNoSecretsAnywhere(callbacks, HOFF_TOKEN, output);
    }

    @Test
    void aQueryTheProviderFailsIsOneFetchFailedAndTheCollectionIsPartial() throws Exception {
        setFailure("Flag", 500);
        try {
            JsonNode status = collect("rijn-partial", "medmij-bgz-test-patA", new ArrayList<>());
            assertThat(status.path("status").asString()).isEqualTo("PARTIAL");
            List<JsonNode> failed = new ArrayList<>();
            status.path("queries").forEach(q -> {
                if (!List.of("DATA", "NO_DATA").contains(q.path("outcome").asString())) {
                    failed.add(q);
                }
            });
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).path("query").asString()).isEqualTo("Flag");
            assertThat(failed.get(0).path("httpStatus").asInt()).isEqualTo(500);
            assertThat(failed.get(0).path("outcome").asString()).isEqualTo("TECHNICAL_ERROR");
            assertThat(failed.get(0).path("issues").get(0).path("code").asString()).isEqualTo("exception");
            assertThat(failed.get(0).path("messages").path("nl").asString()).contains("technische storing");
            assertThat(status.path("outcome").asString()).isEqualTo("TECHNICAL_ERROR");
            assertThat(failed.get(0).path("message").asString()).contains("HTTP 500").contains("simulated failure for Flag");
            Integer fetchFailed = jdbc.queryForObject(
                    "select count(*) from domain_event_entry where aggregate_identifier = ? and payload_type = ?", Integer.class,
                    status.path("collectionId").asString(), "nl.herkomst.api.event.FetchFailed");
            assertThat(fetchFailed).isEqualTo(1);
            assertThat(api().resources("rijn-partial", "Condition")).hasSize(5);
        } finally {
            clearFailures();
        }
    }

    @Test
    void everyKindOfAnswerHasItsOwnOutcome() throws Exception {
        sandbox("/sandbox/behaviour/NutritionOrder?mode=empty");
        sandbox("/sandbox/failures/Flag?status=404&issue=not-supported");
        sandbox("/sandbox/failures/AllergyIntolerance?status=500");
        sandbox("/sandbox/behaviour/Condition?mode=warning");
        sandbox("/sandbox/behaviour/Encounter?mode=fail-second-page");
        sandbox("/sandbox/failures/Procedure?status=401&issue=security");
        try {
            JsonNode status = collect("rijn-outcomes", "medmij-bgz-test-patA", new ArrayList<>());
            assertThat(status.path("status").asString()).isEqualTo("PARTIAL");
            assertThat(status.path("outcome").asString()).isEqualTo("TOKEN_EXPIRED");
            Map<String, JsonNode> byType = new HashMap<>();
            status.path("queries").forEach(q -> byType.put(q.path("query").asString().replaceAll("[/?].*", ""), q));

            assertThat(byType.get("NutritionOrder").path("outcome").asString()).isEqualTo("NO_DATA");
            assertThat(byType.get("NutritionOrder").path("httpStatus").asInt()).isEqualTo(200);

            JsonNode flag = byType.get("Flag");
            assertThat(flag.path("outcome").asString()).isEqualTo("UNSUPPORTED");
            assertThat(flag.path("httpStatus").asInt()).isEqualTo(404);
            assertThat(flag.path("issues").get(0).path("code").asString()).isEqualTo("not-supported");

            JsonNode allergy = byType.get("AllergyIntolerance");
            assertThat(allergy.path("outcome").asString()).isEqualTo("TECHNICAL_ERROR");
            assertThat(allergy.path("httpStatus").asInt()).isEqualTo(500);
            assertThat(allergy.path("failure").asString()).isEqualTo("HTTP_ERROR");

            JsonNode condition = byType.get("Condition");
            assertThat(condition.path("outcome").asString()).isEqualTo("DATA");
            assertThat(condition.path("resources").asInt()).isEqualTo(5);
            assertThat(condition.path("issues").get(0).path("severity").asString()).isEqualTo("warning");
            assertThat(api().resources("rijn-outcomes", "OperationOutcome")).as("diagnostics are not dossier content").isEmpty();

            JsonNode encounter = byType.get("Encounter");
            assertThat(encounter.path("outcome").asString()).isEqualTo("INCOMPLETE");
            assertThat(encounter.path("resources").asInt()).isEqualTo(1);
            assertThat(encounter.path("failedPage").asInt()).isEqualTo(2);
            assertThat(api().resources("rijn-outcomes", "Encounter")).hasSize(1);

            assertThat(byType.get("Procedure").path("outcome").asString()).isEqualTo("TOKEN_EXPIRED");
            assertThat(byType.get("Patient").path("outcome").asString()).isEqualTo("DATA");
            status.path("queries").forEach(q -> assertThat(q.path("messages").path("en").asString()).as(q.toString()).isNotBlank());
        } finally {
            clearFailures();
        }
    }

    void setFailure(String type, int status) throws Exception {
        sandbox("/sandbox/failures/" + type + "?status=" + status);
    }

    void sandbox(String pathAndQuery) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(sslContext()).build();
        HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("https://localhost:" + sandboxPort + pathAndQuery))
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    void clearFailures() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(sslContext()).build();
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + sandboxPort + "/sandbox/failures"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    javax.net.ssl.SSLContext sslContext() throws Exception {
        return browser().sslContext();
    }

    @Test
    void theCallbackRefusesUnknownAndReusedStatesAndRecordsRefusals(CapturedOutput output) throws Exception {
        HttpResponse<String> unknown = api().get("/oauth/callback?state=not-ours&code=abc");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("STATE_UNKNOWN");

        List<SandboxLogin.Callback> callbacks = new ArrayList<>();
        collect("reuse", "medmij-bgz-test-patB", callbacks);
        HttpResponse<String> replay = api().get(callbacks.get(0).url().getRawPath() + "?" + callbacks.get(0).url().getRawQuery());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("STATE_USED");

        JsonNode started = api().startCollection("refused", "sandbox@medmij", "48");
        String state = SandboxLogin.param(java.net.URI.create(started.path("authorizationUrl").asString()), "state");
        HttpResponse<String> refused = api().get("/oauth/callback?state=" + java.net.URLEncoder.encode(state, "UTF-8")
                + "&error=access_denied&error_description=No+such+resources.");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("NO_SUCH_RESOURCES");
        JsonNode status = api().awaitFinal("refused", started.path("collectionId").asString());
        assertThat(status.path("status").asString()).isEqualTo("REFUSED");
        assertThat(status.path("reason").asString()).contains("NO_SUCH_RESOURCES");
        assertThat(status.path("outcome").asString()).as("'No such resources.' means no data, not an error").isEqualTo("NO_DATA");
        assertThat(output.getAll()).doesNotContain(state);
    }

    @Test
    void progressStreamsAsServerSentEventsUntilTheFinalStatus() throws Exception {
        JsonNode started = api().startCollection("sse", "sandbox@medmij", "48");
        String id = started.path("collectionId").asString();
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream = java.net.http.HttpClient.newHttpClient()
                .sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + backendPort
                        + "/api/persons/sse/collections/" + id + "/events")).header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + api().token("sse", "PERSON")).build(),
                        HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> response = stream.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        java.util.concurrent.CompletableFuture<List<JsonNode>> events = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                response.body().filter(l -> l.startsWith("data:")).map(l -> Api.JSON.readTree(l.substring(5))).toList());
        Thread.sleep(300);
        browser().authorize(started.path("authorizationUrl").asString(), "medmij-bgz-test-patA");
        List<JsonNode> received = events.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(received.get(0).path("status").asString()).isEqualTo("AWAITING_AUTHORIZATION");
        JsonNode last = received.get(received.size() - 1);
        assertThat(last.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(last.path("queriesDone").asInt()).isEqualTo(28).isEqualTo(last.path("queriesTotal").asInt());
        assertThat(received.size()).as("a step-by-step stream").isGreaterThan(28);
        int previous = -1;
        for (JsonNode e : received) {
            assertThat(e.path("queriesDone").asInt()).isGreaterThanOrEqualTo(previous);
            previous = e.path("queriesDone").asInt();
        }
        assertThat(api().get("/api/persons/someone-else/collections/" + id + "/events").statusCode()).isEqualTo(404);
    }

    /**
     * The front end relays the redirect (herkomst.medmij.callback=frontend): an authorization URL that reached another
     * person's browser (forwarded, phishing) gives their code to no one; the person who started it completes it.
     */
    @Test
    void aRelayedCallbackIsAcceptedOnlyFromThePersonWhoStartedTheAuthorization() throws Exception {
        JsonNode started = api().startCollection("relay-starter", "sandbox@medmij", "48");
        String id = started.path("collectionId").asString();
        java.net.URI redirect = browser().consent(started.path("authorizationUrl").asString(), "medmij-bgz-test-patA", "/oauth/callback");
        String body = "{\"state\":\"" + SandboxLogin.param(redirect, "state") + "\",\"code\":\"" + SandboxLogin.param(redirect, "code") + "\"}";

        HttpResponse<String> other = api().post("/api/persons/relay-other/authorizations", body);
        assertProblem(other, 403, "STATE_NOT_YOURS");
        assertThat(Api.JSON.readTree(api().get("/api/persons/relay-starter/collections/" + id).body()).path("status").asString())
                .isEqualTo("AWAITING_AUTHORIZATION");
        assertProblem(api().post("/api/persons/relay-starter/authorizations", "{\"state\":\"not-ours\",\"code\":\"x\"}"), 400, "STATE_UNKNOWN");
        assertProblem(api().post("/api/persons/relay-starter/authorizations", "{\"state\":\"x\"}"), 400, "INVALID_CALLBACK");
        assertProblem(api().post("/api/persons/relay-starter/authorizations", "{\"state\":\"x\",\"code\":\"y\",\"extra\":1}"), 400, "INVALID_REQUEST");

        HttpResponse<String> own = api().post("/api/persons/relay-starter/authorizations", body);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        JsonNode answer = Api.JSON.readTree(own.body());
        assertThat(answer.path("kind").asString()).isEqualTo("collection");
        assertThat(answer.path("id").asString()).isEqualTo(id);
        assertThat(answer.path("result").asString()).isEqualTo("granted");
        assertThat(api().awaitFinal("relay-starter", id).path("status").asString()).isEqualTo("COMPLETED");
        assertProblem(api().post("/api/persons/relay-starter/authorizations", body), 400, "STATE_USED");

        // a refusal relayed the same way
        JsonNode second = api().startCollection("relay-starter", "sandbox@medmij", "48");
        String state = SandboxLogin.param(java.net.URI.create(second.path("authorizationUrl").asString()), "state");
        HttpResponse<String> refused = api().post("/api/persons/relay-starter/authorizations",
                "{\"state\":\"" + state + "\",\"error\":\"access_denied\",\"error_description\":\"De persoon weigerde\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(200);
        assertThat(Api.JSON.readTree(refused.body()).path("result").asString()).isEqualTo("refused");
    }

    @Test
    void aCallbackWithNeitherCodeNorErrorChangesNothing() throws Exception {
        JsonNode started = api().startCollection("no-code", "sandbox@medmij", "48");
        String id = started.path("collectionId").asString();
        assertThat(api().get("/api/persons/no-code/collections/" + id).statusCode()).as("readable right after the 201").isEqualTo(200);
        String state = SandboxLogin.param(java.net.URI.create(started.path("authorizationUrl").asString()), "state");
        HttpResponse<String> bare = api().get("/oauth/callback?state=" + java.net.URLEncoder.encode(state, "UTF-8"));
        assertThat(bare.statusCode()).isEqualTo(400);
        assertThat(bare.body()).contains("INVALID_CALLBACK");
        SandboxLogin.Callback callback = browser().authorize(started.path("authorizationUrl").asString(), "medmij-bgz-test-patB");
        assertThat(callback.status()).as("the state was not used up").isEqualTo(200);
        assertThat(api().awaitFinal("no-code", id).path("status").asString()).isIn("COMPLETED", "NO_DATA");
    }

    @Test
    void badRequestsGetProblemDetailsWithAStableCode() throws Exception {
        assertProblem(api().post("/api/persons/p1/collections", "{\"provider\":\"nobody@medmij\",\"gegevensdienst\":\"48\"}"), 400, "UNKNOWN_PROVIDER");
        assertProblem(api().post("/api/persons/p1/collections", "{\"provider\":\"sandbox@medmij\",\"gegevensdienst\":\"99\"}"), 400, "UNKNOWN_GEGEVENSDIENST");
        assertProblem(api().post("/api/persons/p1/collections", "{\"provider\":\"sandbox@medmij\"}"), 400, "INVALID_REQUEST");
        assertProblem(api().post("/api/persons/p1/collections", "not json"), 400, "INVALID_REQUEST");
        assertProblem(api().post("/api/persons/p1/collections", "{\"provider\":\"sandbox@medmij\",\"gegevensdienst\":\"48\",\"personId\":\"other\"}"),
                400, "INVALID_REQUEST");
        assertProblem(api().post("/api/persons/p1/collections", "{\"provider\":\"x@medmij\",\"provider\":\"sandbox@medmij\",\"gegevensdienst\":\"48\"}"),
                400, "INVALID_REQUEST");
        assertProblem(api().post("/api/persons/p1/collections", "{\"provider\":123,\"gegevensdienst\":48}"), 400, "INVALID_REQUEST");
        assertProblem(api().post("/api/persons/p1/collections", "{\"provider\":\"" + "a".repeat(70_000) + "\",\"gegevensdienst\":\"48\"}"),
                413, "PAYLOAD_TOO_LARGE");
        assertProblem(api().get("/api/persons/a;b/collections/6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b11"), 400, "REQUEST_REJECTED");
        HttpResponse<String> bidi = api().post("/api/persons/p1/collections", "{\"provider\":\"sandbox@medmij\",\"gegevensdienst\":\"4\u202e8\"}");
        assertProblem(bidi, 400, "UNKNOWN_GEGEVENSDIENST");
        assertThat(Api.JSON.readTree(bidi.body()).path("detail").asString()).doesNotContain("\u202e");
        // a BSN-like person id: no token can be for it (the demo issuer refuses such a subject), so it is refused before anything is read
        HttpResponse<String> bsn = api().post("/api/persons/123456789/collections", "{\"provider\":\"sandbox@medmij\",\"gegevensdienst\":\"48\"}");
        assertProblem(bsn, 403, "FORBIDDEN");
        assertThat(bsn.body()).doesNotContain("123456789");
        assertProblem(api().get("/api/persons/p1/collections/not-a-uuid"), 400, "INVALID_REQUEST");
        assertProblem(api().get("/api/persons/p1/collections/6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b11"), 404, "COLLECTION_NOT_FOUND");
        assertProblem(api().get("/api/persons/p1/resources?type=../etc"), 400, "INVALID_RESOURCE_TYPE");
        // what Tomcat refuses before the application sees it is a problem too, not Tomcat's HTML page, and echoes nothing
        for (String refused : List.of("GET /api/persons/a%2Fsecret-path/collections HTTP/1.1\r\n",
                "GET /api/persons/p1/resources?type=[secret-path] HTTP/1.1\r\n",
                "GET /api/persons/p1/resources HTTP/1.1\r\nBad secret-path Header: 1\r\n",
                "GET /api/persons/p1/resources?secret-path=" + "a".repeat(20_000) + " HTTP/1.1\r\n")) {
            String[] answer = raw(refused);
            assertThat(answer[0]).as(refused.substring(0, Math.min(60, refused.length()))).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(Api.JSON.readTree(answer[1]).path("code").asString()).as(answer[1]).isEqualTo("INVALID_REQUEST");
            assertThat(answer[1]).doesNotContain("secret-path").doesNotContain("Tomcat").doesNotContain("<html");
        }
        // a body that cannot be read (broken chunking), a method no endpoint has: problems too, not Spring Boot's default JSON
        String token = api().token("p1", "PERSON");
        Map<String, String> expected = Map.of(
                "POST /api/persons/p1/collections HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n", "INVALID_REQUEST",
                "TRACE /api/persons/p1/collections HTTP/1.1\r\n", "METHOD_NOT_ALLOWED");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String[] answer = raw(e.getKey());
            assertThat(answer[0]).as(e.getValue()).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(Api.JSON.readTree(answer[1]).path("code").asString()).as(answer[1]).isEqualTo(e.getValue());
            assertThat(answer[1]).doesNotContain("timestamp").doesNotContain(token);
        }
    }

    /** A request written as bytes (the HTTP client would not send these): the answer's head and body. */
    String[] raw(String requestHead) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", backendPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((requestHead + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String body = answer.substring(end + 4);
            if (answer.substring(0, end).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("}") + 1);
            }
            return new String[] {answer.substring(0, end), body};
        }
    }

    @Test
    void graphQlServesCollectionsAndResourcesWithCursorsFiltersAndProgress() throws Exception {
        JsonNode started = api().startCollection("graph", "sandbox@medmij", "48");
        String id = started.path("collectionId").asString();
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> sse = java.net.http.HttpClient.newHttpClient()
                .sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + backendPort + "/graphql"))
                        .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + api().token("graph", "PERSON"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(graphQlBody(
                                "subscription { collectionProgress(personId: \"graph\", collectionId: \"" + id + "\") { status queriesDone } }")))
                        .build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> stream = sse.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        java.util.concurrent.CompletableFuture<List<String>> updates = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> stream.body().filter(l -> l.startsWith("data:") && l.contains("collectionProgress")).toList());
        Thread.sleep(300);
        browser().authorize(started.path("authorizationUrl").asString(), "medmij-bgz-test-patA");
        List<String> progress = updates.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(progress.get(0)).contains("AWAITING_AUTHORIZATION");
        assertThat(progress.get(progress.size() - 1)).contains("\"COMPLETED\"").contains("\"queriesDone\":28");
        awaitDossier("graph", 53);

        JsonNode first = graphQl("{ person(id: \"graph\") { collections(gegevensdienst: \"48\") { totalCount edges { node { status outcome queries { query outcome } } } }"
                + " resources(type: \"Condition\", first: 2) { totalCount pageInfo { hasNextPage endCursor }"
                + " edges { cursor node { resourceType id json provenance { provider gegevensdienst query } elements { path label value } } } } } }");
        JsonNode person = first.path("data").path("person");
        assertThat(person.path("collections").path("totalCount").asInt()).isEqualTo(1);
        assertThat(person.path("collections").path("edges").get(0).path("node").path("status").asString()).isEqualTo("COMPLETED");
        JsonNode resources = person.path("resources");
        assertThat(resources.path("totalCount").asInt()).isEqualTo(5);
        assertThat(resources.path("edges").size()).isEqualTo(2);
        assertThat(resources.path("pageInfo").path("hasNextPage").asBoolean()).isTrue();
        JsonNode node = resources.path("edges").get(0).path("node");
        assertThat(node.path("json").path("resourceType").asString()).isEqualTo("Condition");
        assertThat(node.path("provenance").path("provider").asString()).isEqualTo("sandbox@medmij");
        assertThat(node.path("elements").size()).isGreaterThan(5);

        String after = resources.path("pageInfo").path("endCursor").asString();
        JsonNode rest = graphQl("{ person(id: \"graph\") { resources(type: \"Condition\", first: 10, after: \"" + after
                + "\") { pageInfo { hasNextPage } edges { node { id } } } } }");
        assertThat(rest.path("data").path("person").path("resources").path("edges").size()).isEqualTo(3);
        assertThat(rest.path("data").path("person").path("resources").path("pageInfo").path("hasNextPage").asBoolean()).isFalse();

        JsonNode none = graphQl("{ person(id: \"graph\") { resources(provider: \"nobody@medmij\") { totalCount } } }");
        assertThat(none.path("data").path("person").path("resources").path("totalCount").asInt()).isZero();
        JsonNode future = graphQl("{ person(id: \"graph\") { resources(receivedFrom: \"2999-01-01T00:00:00Z\") { totalCount } } }");
        assertThat(future.path("data").path("person").path("resources").path("totalCount").asInt()).isZero();
        JsonNode bad = graphQl("{ person(id: \"graph\") { resources(after: \"garbage\") { totalCount } } }");
        assertThat(bad.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("INVALID_REQUEST");
        String negative = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("o:-5".getBytes());
        JsonNode before = graphQl("{ person(id: \"graph\") { resources(after: \"" + negative + "\") { totalCount } } }");
        assertThat(before.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("INVALID_REQUEST");

        StringBuilder bomb = new StringBuilder("{ person(id: \"graph\") {");
        for (int i = 0; i < 400; i++) {
            bomb.append(" a").append(i).append(": resources(first: 100) { totalCount }");
        }
        JsonNode refused = graphQl(bomb.append(" } }").toString());
        assertThat(refused.path("errors").toString()).as("no single request may ask for everything many times").contains("complexity");
        assertThat(refused.path("data").path("person").isMissingNode() || refused.path("data").isNull()).isTrue();

        HttpResponse<String> nobody = graphQlAs("someone-else", "text/event-stream",
                "subscription { collectionProgress(personId: \"someone-else\", collectionId: \"" + id + "\") { status } }");
        assertThat(nobody.body()).as("another person's collection is not found, at once").contains("COLLECTION_NOT_FOUND");

        // a subscription asked as a plain request (no event stream): told how to ask, not an object dump of a stream
        JsonNode plain = graphQl("subscription { collectionProgress(personId: \"graph\", collectionId: \"" + id + "\") { status } }");
        assertThat(plain.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("SUBSCRIPTION_NEEDS_STREAM");
        assertThat(plain.path("data").isNull() || plain.path("data").isMissingNode()).isTrue();
        HttpResponse<String> anyType = graphQlAs("graph", "*/*",
                "subscription { collectionProgress(personId: \"graph\", collectionId: \"" + id + "\") { status } }");
        assertThat(anyType.body()).as("curl's Accept: */*").contains("SUBSCRIPTION_NEEDS_STREAM").doesNotContain("upstreamPublisher");
    }

    /** A GraphQL request as {@code person}, with the Accept header given, read whole (10 s at the most). */
    HttpResponse<String> graphQlAs(String person, String accept, String query) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + backendPort + "/graphql")).timeout(java.time.Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Accept", accept)
                .header("Authorization", "Bearer " + api().token(person, "PERSON"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(graphQlBody(query))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String graphQlBody(String query) {
        return "{\"query\":" + Api.JSON.writeValueAsString(query) + "}";
    }

    JsonNode graphQl(String query) throws Exception {
        HttpResponse<String> r = api().post("/graphql", graphQlBody(query));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Api.JSON.readTree(r.body());
    }

    @Test
    void theQualificationDryRunPassesEveryScriptOfTheDeveloperSetCollectingAndSharing() throws Exception {
        Path testscripts = NictizMaterial.require().resolve("Nictiz-testscripts/output");
        nl.herkomst.app.qualification.QualificationDryRun.Report report = dryRuns.create().run(testscripts, dryRuns.rules());
        String table = nl.herkomst.app.qualification.QualificationDryRun.write(report, Path.of("target/qualification/dry-run.json"));
        System.out.println(table);
        assertThat(report.failed()).as(table).isZero();
        assertThat(report.notQualifiedHere()).as(table).isZero();
        assertThat(report.passed()).as("BgZ, Zelfmetingen, PDF/A, Immunization and MP9 3.0 retrieve scripts").isGreaterThanOrEqualTo(150);
        assertThat(report.assertsPassed()).isEqualTo(report.asserts()).isGreaterThan(700);
        // the send (Delen) scripts: Zelfmetingen Sending-PHR, PDF/A send, Patient corrections; their asserts on the Bundle received
        List<nl.herkomst.app.qualification.QualificationDryRun.ScriptResult> sent = report.results().stream()
                .filter(r -> r.folder().contains("Sending-PHR") || r.folder().contains("-send-")).toList();
        assertThat(sent).hasSize(20).allMatch(r -> r.verdict() == nl.herkomst.app.qualification.QualificationDryRun.Verdict.PASSED)
                .allMatch(r -> "POST /fhir/stu3".equals(r.request()) || "POST /fhir/r4".equals(r.request()));
        assertThat(sent.stream().mapToInt(nl.herkomst.app.qualification.QualificationDryRun.ScriptResult::asserts).sum()).isGreaterThan(450);
    }

    @Test
    void theApiIsDescribedWithItsProblemResponses() throws Exception {
        HttpResponse<String> docs = api().get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = Api.JSON.readTree(docs.body()).path("paths");
        for (String path : List.of("/api/persons/{personId}/collections", "/api/persons/{personId}/collections/{collectionId}",
                "/api/persons/{personId}/collections/{collectionId}/events", "/api/persons/{personId}/resources",
                "/api/persons/{personId}/resources/{type}/{id}", "/api/persons/{personId}/resources/{type}/{id}/provenance",
                "/api/persons/{personId}/provenance", "/oauth/callback")) {
            assertThat(paths.has(path)).as(path).isTrue();
            paths.path(path).properties().forEach(op -> assertThat(op.getValue().path("responses").has("400")).as(path + " " + op.getKey()).isTrue());
        }
        assertThat(api().get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    static void assertProblem(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode problem = Api.JSON.readTree(r.body());
        assertThat(problem.path("code").asString()).as(r.body()).isEqualTo(code);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at nl.herkomst");
    }

    /** Neither the access token, the authorization code nor the state is in an event, a read model or a log line. */
    void assertNoSecretsAnywhere(List<SandboxLogin.Callback> callbacks, String token, CapturedOutput output) {
        List<String> secrets = new ArrayList<>(List.of(token));
        callbacks.forEach(c -> {
            secrets.add(c.code());
            secrets.add(c.state());
        });
        assertThat(secrets).doesNotContainNull();
        List<String> stored = new ArrayList<>();
        stored.addAll(jdbc.queryForList("select convert_from(payload, 'UTF8') || coalesce(convert_from(meta_data, 'UTF8'), '') from domain_event_entry", String.class));
        for (String table : List.of("collection_status", "collection_query", "collection_query_resource", "dossier_source",
                "dossier_resource", "authorization_state", "token_entry")) {
            stored.addAll(jdbc.queryForList("select t::text from " + table + " t", String.class));
        }
        assertThat(stored).isNotEmpty();
        for (String secret : secrets) {
            assertThat(stored).as("a secret in the database").noneMatch(s -> s.contains(secret));
        }
        String logs = output.getAll();
        assertThat(logs).as("the log of this test").contains("nl.herkomst");
        for (String secret : secrets) {
            assertThat(logs).as("a secret in the log").doesNotContain(secret);
        }
    }
}
