package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.herkomst.app.qualification.SandboxLogin;
import nl.herkomst.sandbox.NictizMaterial;
import nl.herkomst.sandbox.SandboxUsers;
import nl.herkomst.sandbox.qualification.SharedFixtures;
import nl.herkomst.sandbox.tls.SandboxTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Support staff see why collections failed without seeing health data: after a BgZ collection for every
 * patient of the Nictiz developer fixtures (one of them against a failing provider), the JSON of every
 * support endpoint holds no FHIR content, no token, no BSN, no patient or person id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SupportViewTest {

    @TempDir
    static Path tls;
    static int backendPort;
    static int sandboxPort;

    @Autowired
    SandboxLauncher sandbox;

    @BeforeAll
    static void requireMaterial() {
        NictizMaterial.require();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        backendPort = CollectionEndToEndTest.freePort();
        sandboxPort = CollectionEndToEndTest.freePort();
        CollectionEndToEndTest.backend(registry, backendPort, sandboxPort, tls);
        registry.add("herkomst.sandbox.fixtures", () -> SharedFixtures.nictiz().map(Path::toString).orElse("missing"));
    }

    Api api() {
        return new Api(backendPort);
    }

    void sandboxControl(String method, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(SandboxTls.trusting(tls.resolve("ca.pem"))).build();
        http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + sandboxPort + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every BSN in the fixtures: a nine-digit value near a BSN naming system. */
    static Set<String> bsns(Path nictiz) throws Exception {
        Set<String> found = new TreeSet<>();
        Pattern value = Pattern.compile("(?:\"value\"\\s*:\\s*\"|value=\")([0-9]{9})\"");
        try (Stream<Path> files = Files.walk(nictiz)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".xml")).toList()) {
                String text = Files.readString(f);
                int i = 0;
                while ((i = text.indexOf("NamingSystem/bsn", i)) >= 0) {
                    Matcher m = value.matcher(text.substring(Math.max(0, i - 200), Math.min(text.length(), i + 300)));
                    while (m.find()) {
                        found.add(m.group(1));
                    }
                    i++;
                }
            }
        }
        return found;
    }

    @Test
    void noSupportAnswerHoldsHealthContentATokenOrABsn() throws Exception {
        Path nictiz = NictizMaterial.require();
        SandboxUsers users = sandbox.context().getBean(SandboxUsers.class);
        Set<String> patients = new TreeSet<>(users.patientByUsername().values());
        assertThat(patients.size()).isGreaterThan(10);
        System.out.println("SupportViewTest: a BgZ collection for each of " + patients.size() + " fixture patients");
        List<String> persons = new ArrayList<>();
        SandboxLogin browser = new SandboxLogin(tls.resolve("ca.pem"));
        int n = 0;
        for (String patient : patients) {
            String person = "support-person-" + n++;
            if (patient.equals("medmij-bgz-test-patA")) {
                sandboxControl("PUT", "/sandbox/failures/Condition?status=500&issue=exception");
            }
            JsonNode started = api().startCollection(person, "sandbox@medmij", "48");
            browser.authorize(started.path("authorizationUrl").asString(), patient);
            api().awaitFinal(person, started.path("collectionId").asString());
            sandboxControl("DELETE", "/sandbox/failures");
            persons.add(person);
        }
        // one person who never comes back from the provider
        api().startCollection("support-person-waiting", "sandbox@medmij", "48");

        List<String> answers = new ArrayList<>();
        JsonNode all = null;
        // the support view is a projection of its own: the last collection shows there a moment after it started
        for (int i = 0; i < 100 && (all == null || all.path("count").asInt() < patients.size() + 1); i++) {
            if (all != null) {
                Thread.sleep(50);
            }
            all = Api.JSON.readTree(api().get("/api/support/collections?status=AWAITING_AUTHORIZATION,AUTHORIZED,FETCHING,COMPLETED,"
                    + "PARTIAL,FAILED,NO_DATA,REFUSED,STUCK&limit=1000").body());
        }
        answers.add(all.toString());
        assertThat(all.path("count").asInt()).isEqualTo(patients.size() + 1);
        for (JsonNode c : all.path("collections")) {
            HttpResponse<String> t = api().get("/api/support/collections/" + c.path("collectionId").asString() + "/timeline");
            assertThat(t.statusCode()).isEqualTo(200);
            answers.add(t.body());
        }
        answers.add(api().get("/api/support/collections").body());
        answers.add(api().get("/api/support/providers").body());

        // what support needs is there: the failing query with its HTTP status and OperationOutcome issue code
        JsonNode failing = Api.JSON.readTree(api().get("/api/support/collections?status=PARTIAL").body());
        assertThat(failing.path("count").asInt()).isEqualTo(1);
        JsonNode condition = null;
        for (JsonNode q : failing.path("collections").get(0).path("queries")) {
            if (q.path("query").asString().equals("Condition")) {
                condition = q;
            }
        }
        assertThat(condition.path("outcome").asString()).isEqualTo("TECHNICAL_ERROR");
        assertThat(condition.path("httpStatus").asInt()).isEqualTo(500);
        assertThat(condition.path("issueCodes").toString()).contains("error:exception");
        assertThat(condition.path("diagnosticsLength").asInt()).isPositive();
        assertThat(failing.path("collections").get(0).path("personRef").asString()).matches("[0-9a-f]{20}");
        JsonNode providers = Api.JSON.readTree(api().get("/api/support/providers").body());
        assertThat(providers.path("providers").get(0).path("partial").asInt()).isEqualTo(1);
        JsonNode timeline = Api.JSON.readTree(api().get("/api/support/collections/" + failing.path("collections").get(0).path("collectionId")
                .asString() + "/timeline").body());
        assertThat(timeline.toString()).contains("\"step\":\"REQUESTED\"", "\"step\":\"TOKEN_GRANTED\"", "\"step\":\"FETCH_FAILED\"",
                "\"step\":\"COMPLETED\"");

        String everything = String.join("\n", answers);
        assertThat(everything).doesNotContain("resourceType").doesNotContain("\"div\"").doesNotContain("Bearer");
        Set<String> bsns = bsns(nictiz);
        assertThat(bsns).isNotEmpty();
        for (String bsn : bsns) {
            assertThat(everything).as("BSN").doesNotContain(bsn);
        }
        for (String patient : patients) {
            assertThat(everything).as("patient id").doesNotContain("\"" + patient + "\"");
            users.qualificationToken(patient).ifPresent(token -> assertThat(everything).as("token").doesNotContain(token));
        }
        for (String username : users.patientByUsername().keySet()) {
            assertThat(everything).as("login name").doesNotContain(username);
        }
        for (String person : persons) {
            assertThat(everything).as("person id").doesNotContain(person);
        }
    }
}
