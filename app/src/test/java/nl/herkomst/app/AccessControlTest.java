package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Who may use what, for every endpoint the application has: the list of endpoints is read from the
 * application itself (its request mappings, plus GraphQL and the actuator), so a new endpoint is covered
 * the moment it exists — and fails this test until it has an access rule here. Every endpoint is called by
 * every kind of caller: no token, a forged token, another person, the person, SUPPORT, AUDITOR, ADMIN. A
 * caller that may not gets 401 or 403 and never a byte of the person's data; a caller that may is not
 * refused (it may still get a 400 or 404 for the made-up ids).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class AccessControlTest {

    @TempDir
    static Path tls;
    static int backendPort;
    static int sandboxPort;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        backendPort = CollectionEndToEndTest.freePort();
        sandboxPort = CollectionEndToEndTest.freePort();
        CollectionEndToEndTest.backend(registry, backendPort, sandboxPort, tls);
    }

    enum Caller { NONE, FORGED, OTHER_PERSON, PERSON, SUPPORT, AUDITOR, ADMIN }

    record Endpoint(String method, String pattern) {
    }

    /** Who may: the rule for one endpoint, or null when the test has none (a new endpoint: decide, then add it here). */
    static Set<Caller> allowed(Endpoint e) {
        String p = e.pattern();
        if (p.equals("/oauth/callback") || p.startsWith("/v3/api-docs") || p.startsWith("/swagger-ui") || p.equals("/actuator/health")) {
            // open to all; a token that does not verify is refused even here (401), as everywhere
            return java.util.EnumSet.complementOf(java.util.EnumSet.of(Caller.FORGED));
        }
        if (e.method().equals("DELETE") && p.equals("/api/persons/{personId}")) {
            return Set.of(Caller.PERSON, Caller.ADMIN); // erasure: the person, or an administrator on their request
        }
        if (p.startsWith("/api/persons/{personId}") || p.equals("/graphql")) {
            return Set.of(Caller.PERSON);
        }
        if (p.startsWith("/api/support/")) {
            return Set.of(Caller.SUPPORT);
        }
        if (p.startsWith("/api/audit/")) {
            return e.method().equals("GET") ? Set.of(Caller.AUDITOR) : Set.of();
        }
        if (p.startsWith("/api/admin/") || p.equals("/api/lists/refresh") || p.startsWith("/actuator/")) {
            return Set.of(Caller.ADMIN);
        }
        if (p.equals("/api/lists") || p.equals("/api/providers")) {
            return Set.of(Caller.OTHER_PERSON, Caller.PERSON, Caller.SUPPORT, Caller.AUDITOR, Caller.ADMIN);
        }
        return null;
    }

    Set<Endpoint> endpoints() {
        Set<Endpoint> all = new LinkedHashSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> patterns = info.getPathPatternsCondition() == null ? Set.of() : info.getPathPatternsCondition().getPatternValues();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : patterns) {
                if (pattern.equals("/error") || pattern.startsWith("/swagger-ui") || pattern.startsWith("/v3/api-docs")) {
                    continue;
                }
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    all.add(new Endpoint(m.name(), pattern));
                }
            }
        }
        // served by router functions and the actuator, not by request mappings
        all.add(new Endpoint("POST", "/graphql"));
        all.add(new Endpoint("GET", "/actuator/prometheus"));
        all.add(new Endpoint("GET", "/actuator/info"));
        all.add(new Endpoint("GET", "/actuator/health"));
        all.add(new Endpoint("GET", "/v3/api-docs"));
        // the erasure last: after it the victim has nothing left to leak
        Endpoint erasure = new Endpoint("DELETE", "/api/persons/{personId}");
        if (all.remove(erasure)) {
            all.add(erasure);
        }
        return all;
    }

    String token(Caller caller) throws Exception {
        Api api = new Api(backendPort);
        return switch (caller) {
            case NONE -> null;
            case FORGED -> forged();
            case OTHER_PERSON -> api.token("mallory", "PERSON");
            case PERSON -> api.token("victim", "PERSON");
            case SUPPORT -> api.token("support-1", "SUPPORT");
            case AUDITOR -> api.token("auditor-1", "AUDITOR");
            case ADMIN -> api.token("admin-1", "ADMIN");
        };
    }

    /** The victim's token with its subject changed to mallory's: the signature no longer matches. */
    String forged() throws Exception {
        String[] parts = new Api(backendPort).token("victim", "PERSON").split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"victim\"", "\"mallory\"");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** The token with {@code from} replaced by {@code to} in its claims, signed again with the demo issuer's own key. */
    String resigned(String token, String from, String to) throws Exception {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(from, to);
        String signed = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        byte[] der = java.util.Base64.getMimeDecoder().decode(java.nio.file.Files.readString(tls.resolve("api-token-key.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
        rs256.initSign(java.security.KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der)));
        rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    }

    @Test
    void everyEndpointRefusesEveryCallerItIsNotForAndNeverShowsThePersonsData() throws Exception {
        // the victim has a collection and a share: ids that must never appear in an answer to someone else
        Api victim = new Api(backendPort);
        JsonNode collection = victim.startCollection("victim", "sandbox@medmij", "48");
        String collectionId = collection.path("collectionId").asString();
        HttpResponse<String> share = victim.post("/api/persons/victim/shares", "{\"kind\":\"patient-correction\",\"provider\":\"sandbox@medmij\","
                + "\"patient\":{\"family\":\"Slachtoffer\"},\"correction\":{\"text\":\"geheime tekst van het slachtoffer\"}}");
        String shareId = Api.JSON.readTree(share.body()).path("shareId").asString();
        assertThat(shareId).isNotBlank();
        Map<String, String> values = Map.of("personId", "victim", "collectionId", collectionId, "shareId", shareId, "type", "Patient", "id", "x",
                "sha256", "0".repeat(64), "list", "zal");

        Set<Endpoint> endpoints = endpoints();
        List<String> uncovered = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (allowed(e) == null) {
                uncovered.add(e.method() + " " + e.pattern());
            }
        }
        assertThat(uncovered).as("endpoints without an access rule in this test: decide who may use them").isEmpty();
        assertThat(endpoints.size()).isGreaterThan(25);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Set<String> checked = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints) {
            String path = e.pattern();
            for (Map.Entry<String, String> v : values.entrySet()) {
                path = path.replace("{" + v.getKey() + "}", v.getValue());
            }
            path = path.replaceAll("\\{[^}]+}", "x");
            for (Caller caller : Caller.values()) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendPort + path)).timeout(Duration.ofSeconds(20));
                String body = e.pattern().equals("/graphql")
                        ? "{\"query\":\"{ person(id: \\\"victim\\\") { collections { edges { node { collectionId status } } } } }\"}" : "{}";
                request.method(e.method(), e.method().equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
                if (!e.method().equals("GET")) {
                    request.header("Content-Type", "application/json");
                }
                String token = token(caller);
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<InputStream> r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                String text;
                String type = r.headers().firstValue("Content-Type").orElse("");
                try (InputStream in = r.body()) {
                    // a stream (server-sent events) is judged by its status; its body may not end
                    text = type.startsWith("text/event-stream") ? "" : new String(in.readNBytes(200_000), StandardCharsets.UTF_8);
                }
                boolean may = allowed(e).contains(caller);
                boolean graphQlRefusal = e.pattern().equals("/graphql") && r.statusCode() == 200 && text.contains("FORBIDDEN");
                String what = e.method() + " " + path + " as " + caller + " -> " + r.statusCode();
                if (may) {
                    if (r.statusCode() == 401 || r.statusCode() == 403 || graphQlRefusal) {
                        wrong.add(what + " (should be allowed) " + text.substring(0, Math.min(200, text.length())));
                    }
                } else {
                    int expected = caller == Caller.NONE || caller == Caller.FORGED ? 401 : 403;
                    boolean refused = r.statusCode() == expected || graphQlRefusal && caller != Caller.NONE && caller != Caller.FORGED;
                    if (!refused) {
                        wrong.add(what + " (expected " + expected + ")");
                    }
                    if (text.contains(collectionId) || text.contains(shareId) || text.contains("geheime tekst")) {
                        wrong.add(what + " shows the person's data");
                    }
                }
                checked.add(what);
            }
        }
        assertThat(wrong).as(String.join("\n", checked)).isEmpty();
        System.out.println("AccessControlTest: " + endpoints.size() + " endpoints x " + Caller.values().length + " callers = " + checked.size() + " requests");
    }

    @Test
    void theDemoIssuerGivesTokensOnlyForTheFourRolesAndAValidSubject() throws Exception {
        HttpClient tlsClient = HttpClient.newBuilder().sslContext(nl.herkomst.sandbox.tls.SandboxTls.trusting(tls.resolve("ca.pem"))).build();
        for (String form : List.of("subject=alice&role=ROOT", "subject=&role=PERSON", "role=PERSON", "subject=a%20b&role=PERSON",
                "subject=..&role=PERSON", "subject=123456789&role=PERSON",
                "subject=" + "x".repeat(65) + "&role=PERSON")) {
            HttpResponse<String> r = tlsClient.send(HttpRequest.newBuilder(URI.create("https://localhost:" + sandboxPort + "/demo/api-token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(form).isEqualTo(400);
            assertThat(r.body()).contains("invalid_request");
        }
        HttpResponse<String> ok = tlsClient.send(HttpRequest.newBuilder(URI.create("https://localhost:" + sandboxPort + "/demo/api-token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("subject=alice&role=PERSON"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Api.JSON.readTree(ok.body()).path("access_token").asString()).contains(".");
        // a token the issuer signed, for a subject that looks like a BSN (an identity provider that uses it as the subject): refused,
        // and never the actor of an access-log entry
        // (also in other scripts' digits: fullwidth, Arabic-Indic)
        for (String digits : List.of("123456782", "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff12",
                "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0662")) {
            String bsn = resigned(new Api(backendPort).token("alice", "PERSON"), "\"alice\"", "\"" + digits + "\"");
            for (String path : List.of("/api/persons/123456782/collections", "/api/persons/alice/shares", "/api/providers")) {
                HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendPort + path))
                        .header("Authorization", "Bearer " + bsn).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(path + " " + refused.body()).isEqualTo(401);
                assertThat(refused.body()).doesNotContain("123456782").doesNotContain(digits);
            }
        }
        assertThat(resigned(new Api(backendPort).token("alice", "PERSON"), "\"alice\"", "\"alice\"")).as("the re-signing itself is sound")
                .satisfies(t -> assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendPort
                        + "/api/persons/alice/shares")).header("Authorization", "Bearer " + t).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(200));
        // the access log names who read: the token's subject
        Api alice = new Api(backendPort);
        alice.get("/api/persons/alice/shares");
        HttpResponse<String> log = alice.get("/api/persons/alice/access-log");
        assertThat(Api.JSON.readTree(log.body()).path("entries").path(0).path("actor").asString()).isEqualTo("alice");
    }
}
