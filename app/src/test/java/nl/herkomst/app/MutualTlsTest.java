package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import nl.herkomst.app.qualification.SandboxLogin;
import nl.herkomst.sandbox.tls.SandboxTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Mutual TLS on the back channel, as MedMij requires: the sandbox asks every connection for a client
 * certificate of its CA and refuses the token endpoint and FHIR without one that names the PGO; the backend
 * presents its own (in the default run one the sandbox's CA issued for {@code herkomst.localhost}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MutualTlsTest {

    @TempDir
    static Path tls;
    @TempDir
    static Path otherCa;
    static int backendPort;
    static int sandboxPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        backendPort = CollectionEndToEndTest.freePort();
        sandboxPort = CollectionEndToEndTest.freePort();
        CollectionEndToEndTest.backend(registry, backendPort, sandboxPort, tls);
    }

    HttpResponse<String> send(SSLContext ssl, HttpRequest.Builder request) throws Exception {
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build()
                .send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI sandbox(String path) {
        return URI.create("https://localhost:" + sandboxPort + path);
    }

    static HttpRequest.Builder tokenRequest(URI uri) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=x&client_id=herkomst.localhost"
                        + "&redirect_uri=http%3A%2F%2F127.0.0.1%2Foauth%2Fcallback"));
    }

    @Test
    void aCollectionRunsOverMutualTls() throws Exception {
        Api api = new Api(backendPort);
        JsonNode started = api.startCollection("mtls", "sandbox@medmij", "48");
        new SandboxLogin(tls.resolve("ca.pem")).authorize(started.path("authorizationUrl").asString(), "demo");
        JsonNode status = api.awaitFinal("mtls", started.path("collectionId").asString());
        // the token exchange and every query passed the sandbox's mutual-TLS check
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("COMPLETED");
    }

    @Test
    void withoutAClientCertificateTheTokenEndpointAndFhirRefuseButTheBrowsersPagesDoNot() throws Exception {
        SSLContext noCertificate = SandboxTls.trusting(tls.resolve("ca.pem"));
        HttpResponse<String> token = send(noCertificate, tokenRequest(sandbox("/oauth2/token")));
        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(token.body()).contains("invalid_client").contains("no client certificate");
        HttpResponse<String> fhir = send(noCertificate, HttpRequest.newBuilder(sandbox("/fhir/stu3/Patient")).header("Authorization", "Bearer x").GET());
        assertThat(fhir.statusCode()).isEqualTo(403);
        assertThat(fhir.body()).contains("OperationOutcome").contains("mutual TLS is required");
        assertThat(send(noCertificate, HttpRequest.newBuilder(sandbox("/fhir/r4/metadata")).GET()).statusCode()).isEqualTo(403);
        // the person's browser has no certificate: the authorization endpoint and the login page still answer it
        HttpResponse<String> authorize = send(noCertificate, HttpRequest.newBuilder(sandbox("/oauth2/authorize?response_type=code&client_id=herkomst.localhost"
                + "&scope=sandbox~48&state=s&redirect_uri=http%3A%2F%2F127.0.0.1%3A" + backendPort + "%2Foauth%2Fcallback")).GET());
        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(send(noCertificate, HttpRequest.newBuilder(sandbox("/login")).GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void withThePgosCertificateTheBackChannelAnswers() throws Exception {
        SSLContext pgo = SandboxTls.presenting(tls.resolve("ca.pem"), tls.resolve("client.pem"), tls.resolve("client-key.pem"));
        assertThat(send(pgo, HttpRequest.newBuilder(sandbox("/fhir/stu3/metadata")).GET()).statusCode()).isEqualTo(200);
        // past mutual TLS, the bearer token is checked as before
        assertThat(send(pgo, HttpRequest.newBuilder(sandbox("/fhir/stu3/Patient")).GET()).statusCode()).isEqualTo(401);
        HttpResponse<String> token = send(pgo, tokenRequest(sandbox("/oauth2/token")));
        assertThat(token.body()).doesNotContain("no client certificate").contains("invalid_grant");
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedInTheHandshake() throws Exception {
        // the same client name, issued by a CA the sandbox does not trust
        SandboxTls.Files3 stranger = SandboxTls.ensure(otherCa, "stranger.localhost", "herkomst.localhost");
        SSLContext forged = SandboxTls.presenting(tls.resolve("ca.pem"), stranger.clientCertificate(), stranger.clientKey());
        assertThatThrownBy(() -> send(forged, HttpRequest.newBuilder(sandbox("/fhir/stu3/metadata")).GET())).isInstanceOf(IOException.class);
    }
}
