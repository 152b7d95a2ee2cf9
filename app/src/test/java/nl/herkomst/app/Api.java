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

/** The backend's REST API as a front end uses it. */
final class Api {

    static final Set<String> FINAL = Set.of("COMPLETED", "PARTIAL", "FAILED", "NO_DATA", "REFUSED");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
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
