package nl.herkomst.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import nl.herkomst.sandbox.qualification.SharedFixtures;
import nl.herkomst.sandbox.qualification.TestScriptReader;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox answers every request of the Nictiz BgZ 3.x PHR-Client TestScripts (Test set, XXX_Rijn
 * and XXX_Hoff) with the counts the scripts assert, when called with the script's own token.
 */
class SandboxAnswersBgzTestScriptsTest {

    @TempDir
    static Path tls;
    static ConfigurableApplicationContext sandbox;
    static HttpClient http;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path nictiz = NictizMaterial.require();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        sandbox = SandboxApplication.start(Map.of(
                "herkomst.sandbox.port", port,
                "herkomst.sandbox.fixtures", nictiz.toString(),
                "herkomst.sandbox.tls-dir", tls.toString()));
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(java.nio.file.Files.newInputStream(tls.resolve("ca.pem"))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).build();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyScriptGetsTheCountsItAsserts() throws Exception {
        List<TestScriptReader.Expectation> scripts =
                TestScriptReader.readFolder(SharedFixtures.bgzTestScripts(NictizMaterial.require()), "medmij-bgz-test-phr-");
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(52);
        FhirContext ctx = FhirContext.forDstu3Cached();
        int countsChecked = 0;
        for (TestScriptReader.Expectation script : scripts) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + port + "/fhir/stu3/" + script.query().replace("|", "%7C")))
                    .header("Authorization", script.authorization())
                    .header("Accept", "application/fhir+json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(script.script() + ": " + response.body()).isEqualTo(200);
            Bundle bundle = ctx.newJsonParser().parseResource(Bundle.class, response.body());
            assertThat(bundle.getType()).as(script.script()).isEqualTo(Bundle.BundleType.SEARCHSET);
            Map<String, Integer> actual = new HashMap<>();
            bundle.getEntry().forEach(e -> actual.merge(e.getResource().fhirType(), 1, Integer::sum));
            for (Map.Entry<String, Integer> expected : script.counts().entrySet()) {
                assertThat(actual.getOrDefault(expected.getKey(), 0)).as(script.script() + " " + expected.getKey())
                        .isEqualTo(expected.getValue());
                countsChecked++;
            }
            if (script.onlyOperationOutcome()) {
                assertThat(bundle.getEntry()).as(script.script() + " has only OperationOutcome entries")
                        .allMatch(e -> e.getResource() instanceof OperationOutcome);
                countsChecked++;
            }
        }
        assertThat(countsChecked).isGreaterThan(52);
    }

    @Test
    void aRequestWithoutTokenIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/fhir/stu3/Condition"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void aPatientParameterIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/fhir/stu3/Condition?patient=medmij-bgz-test-patA"))
                .header("Authorization", "Bearer 7ce7c666-6f96-40a7-a8fa-922056cb18b4").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
    }
}
