package nl.herkomst.sandbox;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import nl.herkomst.sandbox.tls.SandboxTls;
import org.springframework.context.ConfigurableApplicationContext;

/** A sandbox started for a test on a free port, with an HTTP client that trusts its CA. */
public record RunningSandbox(ConfigurableApplicationContext context, int port, HttpClient http) implements AutoCloseable {

    public static RunningSandbox start(Path tlsDir, Map<String, Object> settings) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, Object> all = new HashMap<>(settings);
        all.put("herkomst.sandbox.port", port);
        all.put("herkomst.sandbox.tls-dir", tlsDir.toString());
        ConfigurableApplicationContext ctx = SandboxApplication.start(all);
        return new RunningSandbox(ctx, port, HttpClient.newBuilder()
                // the test is the PGO's back channel: it presents the PGO's client certificate (mutual TLS)
                .sslContext(SandboxTls.presenting(tlsDir.resolve("ca.pem"), tlsDir.resolve("client.pem"), tlsDir.resolve("client-key.pem"))).build());
    }

    /** GET {@code /fhir/stu3/<query>} with a token, as JSON. */
    public HttpResponse<String> fhir(String query, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/fhir/stu3/" + query))
                .header("Accept", "application/fhir+json").GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        context.close();
    }
}
