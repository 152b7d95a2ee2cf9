package nl.herkomst.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backend's REST API as a front end uses it, with an API token from the sandbox's demo issuer chosen by
 * the path: PERSON for {@code /api/persons/{p}} (subject {@code p}) and GraphQL (the person the query names),
 * SUPPORT, AUDITOR and ADMIN for their endpoints.
 */
final class Api {

    /** Where the demo issuer of a backend (by its port) is: its sandbox's port and CA. */
    private static final java.util.Map<Integer, Object[]> ISSUERS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.regex.Pattern PERSON_PATH = java.util.regex.Pattern.compile("^/api/persons/([^/?]+).*");
    private static final java.util.regex.Pattern GRAPHQL_PERSON = java.util.regex.Pattern.compile("(?:person\\(id:|personId:)\\s*\\\\\"([^\\\\\"]+)\\\\\"");

    static void register(int backendPort, int sandboxPort, java.nio.file.Path tls) {
        ISSUERS.put(backendPort, new Object[] {sandboxPort, tls});
    }

    private final int port;

    static final Set<String> FINAL = Set.of("COMPLETED", "PARTIAL", "FAILED", "NO_DATA", "REFUSED");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    final String base;

    /** A call of the sandbox's control API ({@code /sandbox/...}), over its TLS with its CA. */
    static HttpResponse<String> sandbox(java.nio.file.Path ca, int sandboxPort, String method, String pathAndQuery) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .sslContext(new nl.herkomst.app.qualification.SandboxLogin(ca).sslContext()).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + sandboxPort + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    Api(int port) {
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(authorized(HttpRequest.newBuilder(URI.create(base + path)), path, json).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with a token of the caller's choosing (null: none). */
    HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(authorized(HttpRequest.newBuilder(URI.create(base + path)), path, null).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(authorized(HttpRequest.newBuilder(URI.create(base + path)), path, null).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The request with the token its path calls for (none for the callback, health and the API description). */
    HttpRequest.Builder authorized(HttpRequest.Builder request, String path, String body) throws Exception {
        String[] who = who(path, body);
        return who == null ? request : request.header("Authorization", "Bearer " + token(who[0], who[1]));
    }

    static String[] who(String path, String body) {
        java.util.regex.Matcher person = PERSON_PATH.matcher(path);
        if (person.matches()) {
            String subject = java.net.URLDecoder.decode(person.group(1), java.nio.charset.StandardCharsets.UTF_8);
            // a person id no demo user can have (a test of bad ids): someone else's token, the request is judged as it comes
            return new String[] {subject.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") && !subject.matches("\\d{9}") ? subject : "anyone", "PERSON"};
        }
        if (path.startsWith("/graphql")) {
            java.util.regex.Matcher named = GRAPHQL_PERSON.matcher(body == null ? "" : body);
            if (named.find()) {
                return new String[] {named.group(1), "PERSON"};
            }
            // a person named by a variable: the first text variable
            try {
                JsonNode variables = JSON.readTree(body).path("variables");
                for (JsonNode v : variables) {
                    if (v.isString()) {
                        return new String[] {v.asString(), "PERSON"};
                    }
                }
            } catch (RuntimeException e) {
                // not JSON: no person
            }
            return new String[] {"nobody", "PERSON"};
        }
        if (path.startsWith("/api/support")) {
            return new String[] {"support-1", "SUPPORT"};
        }
        if (path.startsWith("/api/audit")) {
            return new String[] {"auditor-1", "AUDITOR"};
        }
        if (path.startsWith("/api/admin") || path.startsWith("/api/lists/refresh") || path.startsWith("/actuator/")) {
            return new String[] {"admin-1", "ADMIN"};
        }
        if (path.startsWith("/api/")) {
            return new String[] {"anyone", "PERSON"};
        }
        return null;
    }

    /** A demo API token from the sandbox of this backend ({@code POST /demo/api-token}), cached per subject and role. */
    String token(String subject, String role) throws Exception {
        Object[] issuer = ISSUERS.get(port);
        if (issuer == null) {
            throw new IllegalStateException("no demo issuer registered for the backend on port " + port + " (Api.register)");
        }
        String key = port + "|" + subject + "|" + role;
        String cached = TOKENS.get(key);
        if (cached != null) {
            return cached;
        }
        HttpClient tls = HttpClient.newBuilder().sslContext(nl.herkomst.sandbox.tls.SandboxTls.trusting(((java.nio.file.Path) issuer[1]).resolve("ca.pem")))
                .build();
        HttpResponse<String> r = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + issuer[0] + "/demo/api-token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("subject=" + java.net.URLEncoder.encode(subject, java.nio.charset.StandardCharsets.UTF_8)
                        + "&role=" + role)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no demo token for " + subject + "/" + role + ": " + r.statusCode() + " " + r.body());
        }
        String token = JSON.readTree(r.body()).path("access_token").asString();
        TOKENS.put(key, token);
        return token;
    }

    JsonNode startCollection(String person, String provider, String gegevensdienst) throws Exception {
        HttpResponse<String> r = post("/api/persons/" + person + "/collections",
                "{\"provider\":\"" + provider + "\",\"gegevensdienst\":\"" + gegevensdienst + "\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("collection not started: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    JsonNode awaitFinal(String person, String collectionId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        JsonNode status = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = get("/api/persons/" + person + "/collections/" + collectionId);
            if (r.statusCode() == 200) {
                status = JSON.readTree(r.body());
                if (FINAL.contains(status.path("status").asString())) {
                    return status;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("collection " + collectionId + " did not finish: " + status);
    }

    JsonNode resources(String person, String type) throws Exception {
        HttpResponse<String> r = get("/api/persons/" + person + "/resources" + (type == null ? "" : "?type=" + type));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("resources");
    }
}
