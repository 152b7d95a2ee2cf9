package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.herkomst.app.audit.AuditCheckpoints;
import nl.herkomst.app.qualification.SandboxLogin;
import nl.herkomst.command.http.ProviderHttp;
import nl.herkomst.sandbox.fhir.RequestLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The auditor's view: the history of a person and a collection (pages and NDJSON), the bytes of an exchange
 * by their hash, the verification of the whole store (and what it reports when one byte of one event or one
 * response is changed directly in PostgreSQL, or an event is removed), and the replay of every projection,
 * to the same read models, without a single outbound request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditEndToEndTest {

    /** Made by hand: with a test instance per class, Spring starts before a static @TempDir would be set. */
    static final Path tls = tempDir();
    static int backendPort;
    static int sandboxPort;
    String collectionId;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditCheckpoints checkpoints;
    @Autowired
    ProviderHttp outbound;
    @Autowired
    SandboxLauncher sandbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        backendPort = CollectionEndToEndTest.freePort();
        sandboxPort = CollectionEndToEndTest.freePort();
        CollectionEndToEndTest.backend(registry, backendPort, sandboxPort, tls);
        registry.add("herkomst.audit.checkpoint-margin", () -> "0s");
    }

    static Path tempDir() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("herkomst-audit-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Api api() {
        return new Api(backendPort);
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = api().get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Api.JSON.readTree(r.body());
    }

    @BeforeAll
    void collect() throws Exception {
        JsonNode started = api().startCollection("audit-person", "sandbox@medmij", "48");
        collectionId = started.path("collectionId").asString();
        new SandboxLogin(tls.resolve("ca.pem")).authorize(started.path("authorizationUrl").asString(), "demo");
        assertThat(api().awaitFinal("audit-person", collectionId).path("status").asString()).isEqualTo("COMPLETED");
        for (int i = 0; i < 100 && api().resources("audit-person", null).size() < 9; i++) {
            Thread.sleep(50);
        }
        assertThat(checkpoints.checkpoint()).isPositive();
    }

    @Test
    @Order(1)
    void theHistoryOfAPersonAndACollectionIsThereInOrderWithItsChain() throws Exception {
        JsonNode person = json("/api/audit/persons/audit-person/events?size=1000");
        long total = person.path("total").asLong();
        assertThat(total).isGreaterThan(30);
        JsonNode events = person.path("events");
        assertThat(events.get(0).path("type").asString()).isEqualTo("CollectionRequested");
        assertThat(events.get(0).path("sequence").asLong()).isZero();
        assertThat(events.get(events.size() - 1).path("type").asString()).isEqualTo("CollectionCompleted");
        long previous = -1;
        for (JsonNode e : events) {
            assertThat(e.path("globalIndex").asLong()).isGreaterThan(previous);
            previous = e.path("globalIndex").asLong();
            assertThat(e.path("metaData").path("herkomst.chain.hash").asString()).hasSize(64);
            assertThat(e.path("aggregateId").asString()).isEqualTo(collectionId);
        }
        assertThat(person.toString()).doesNotContain("access_token").doesNotContain("\"code\":\"");
        JsonNode page = json("/api/audit/collections/" + collectionId + "/events?size=5&page=1");
        assertThat(page.path("events")).hasSize(5);
        assertThat(page.path("events").get(0).path("sequence").asLong()).isEqualTo(5);

        HttpResponse<String> ndjson = api().get("/api/audit/persons/audit-person/events?format=ndjson");
        assertThat(ndjson.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<String> lines = ndjson.body().lines().toList();
        assertThat(lines).hasSize((int) total);
        assertThat(Api.JSON.readTree(lines.get(0)).path("type").asString()).isEqualTo("CollectionRequested");

        JsonNode lists = json("/api/audit/lists/whitelist/events");
        assertThat(lists.path("events").get(0).path("type").asString()).isEqualTo("ListVersionAccepted");

        // the bytes of an exchange, by the hash its event names
        String sha = null;
        for (JsonNode e : events) {
            if (e.path("type").asString().equals("ResponseReceived")) {
                sha = Api.JSON.readTree(e.path("payload").toString()).path("responseSha256").asString();
                break;
            }
        }
        HttpResponse<byte[]> bytes = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + backendPort + "/api/audit/responses/" + sha))
                .header("Authorization", "Bearer " + api().token("auditor-1", "AUDITOR")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.body()))).isEqualTo(sha);

        for (String bad : List.of("/api/audit/responses/xyz", "/api/audit/persons/a%20b/events", "/api/audit/collections/x/events?size=0",
                "/api/audit/collections/x/events?format=xml", "/api/audit/lists/cil/events", "/api/audit/responses/" + "0".repeat(64))) {
            HttpResponse<String> r = api().get(bad);
            assertThat(r.statusCode()).as(bad).isIn(400, 404);
            assertThat(r.body()).as(bad).contains("\"code\":");
        }
    }

    @Test
    @Order(2)
    void verifyOnACleanStoreReportsOkWithCounts() throws Exception {
        JsonNode report = json("/api/audit/verify");
        assertThat(report.path("ok").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.path("events").asLong()).isGreaterThan(30);
        assertThat(report.path("unchained").asLong()).isZero();
        assertThat(report.path("streams").asLong()).isGreaterThanOrEqualTo(5); // the collection and the four lists
        assertThat(report.path("checkpoints").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(report.path("responses").asLong()).isGreaterThan(20);
        assertThat(report.path("head").asString()).hasSize(64);
        assertThat(report.path("firstBreak").isNull()).isTrue();
    }

    /** A checksum of every read model table, row by row. */
    Map<String, String> readModels() {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : List.of("collection_status", "collection_query", "collection_query_resource", "dossier_source", "dossier_response",
                "dossier_resource", "medmij_list_version", "medmij_list_rejection")) {
            String select = table.equals("medmij_list_version")
                    ? "select list, volgnummer, release, tijdstempel, sha256, size, counts, source, fetched_at from medmij_list_version" : "select * from " + table;
            sums.put(table, jdbc.queryForObject("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '-') from ("
                    + select + ") t", String.class));
        }
        return sums;
    }

    @Test
    @Order(3)
    void aReplayOfEveryProjectionRebuildsTheSameReadModelsWithoutAnyOutboundRequest() throws Exception {
        Map<String, String> before = readModels();
        assertThat(before.get("dossier_resource")).doesNotStartWith("0:");
        long requests = outbound.requests();
        long fhir = sandbox.context().getBean(RequestLog.class).last();
        HttpResponse<String> r = api().post("/api/admin/replay?group=all", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("collection-status", "dossier", "medmij-lists").doesNotContain("collection-process");
        Thread.sleep(200);
        JsonNode processors = null;
        for (int i = 0; i < 300; i++) {
            processors = json("/api/admin/processors");
            boolean replaying = false;
            for (JsonNode p : processors) {
                replaying |= p.path("replaying").asBoolean();
            }
            if (!replaying && readModels().equals(before)) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(readModels()).isEqualTo(before);
        assertThat(outbound.requests()).as("back-channel requests during the replay").isEqualTo(requests);
        assertThat(sandbox.context().getBean(RequestLog.class).last()).as("requests the sandbox saw").isEqualTo(fhir);
        assertThat(processors.toString()).contains("\"name\":\"collection-process\",\"replayable\":false");
        HttpResponse<String> refused = api().post("/api/admin/replay?group=collection-process", "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("NOT_REPLAYABLE");
        assertThat(api().post("/api/admin/replay?group=nope", "").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void oneChangedByteInAnEventOrAResponseIsNamedByVerify() throws Exception {
        long index = jdbc.queryForObject("select min(global_index) from domain_event_entry where payload_type like '%.ResponseReceived'",
                Long.class);
        byte[] original = jdbc.queryForObject("select payload from domain_event_entry where global_index = ?", byte[].class, index);
        byte[] changed = original.clone();
        int at = new String(original, java.nio.charset.StandardCharsets.UTF_8).indexOf("\"httpStatus\":200") + 14;
        changed[at] = '1'; // 200 -> 210
        jdbc.update("update domain_event_entry set payload = ? where global_index = ?", changed, index);
        JsonNode report = json("/api/audit/verify");
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("firstBreak").path("kind").asString()).isEqualTo("event");
        assertThat(report.path("firstBreak").path("globalIndex").asLong()).isEqualTo(index);
        assertThat(report.path("firstBreak").path("aggregateId").asString()).isEqualTo(collectionId);
        assertThat(report.path("firstBreak").path("reason").asString()).contains("changed after it was appended");
        jdbc.update("update domain_event_entry set payload = ? where global_index = ?", original, index);
        assertThat(json("/api/audit/verify").path("ok").asBoolean()).isTrue();

        String sha = jdbc.queryForObject("select min(sha256) from response_body", String.class);
        byte[] content = jdbc.queryForObject("select content from response_body where sha256 = ?", byte[].class, sha);
        byte[] flipped = content.clone();
        flipped[flipped.length / 2] ^= 0x01;
        jdbc.update("update response_body set content = ? where sha256 = ?", flipped, sha);
        report = json("/api/audit/verify");
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("firstBreak").path("kind").asString()).isEqualTo("response");
        assertThat(report.path("firstBreak").path("reason").asString()).contains(sha);
        jdbc.update("update response_body set content = ? where sha256 = ?", content, sha);
        assertThat(json("/api/audit/verify").path("ok").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void aRemovedEventBreaksItsStreamAndTheLastEventOfAStreamItsCheckpoint() throws Exception {
        Map<String, Object> middle = jdbc.queryForMap("select * from domain_event_entry where aggregate_identifier = ? and sequence_number = 3",
                collectionId);
        jdbc.update("delete from domain_event_entry where global_index = ?", middle.get("global_index"));
        JsonNode report = json("/api/audit/verify");
        assertThat(report.path("firstBreak").path("reason").asString()).contains("sequence 3 to 3 of the stream are missing");
        reinsert(middle);
        assertThat(json("/api/audit/verify").path("ok").asBoolean()).isTrue();

        Map<String, Object> last = jdbc.queryForMap("""
                select * from domain_event_entry where aggregate_identifier = ? order by sequence_number desc limit 1""", collectionId);
        jdbc.update("delete from domain_event_entry where global_index = ?", last.get("global_index"));
        report = json("/api/audit/verify");
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("firstBreak").path("kind").asString()).isEqualTo("checkpoint");
        assertThat(report.path("firstBreak").path("reason").asString()).contains("the store now has");
        reinsert(last);
        assertThat(json("/api/audit/verify").path("ok").asBoolean()).isTrue();

        // an event inserted without the chain after tamper evidence began, and a stored response removed
        jdbc.update("""
                insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                  payload_type, payload_revision, payload, meta_data)
                select nextval('domain_event_entry_seq') + 1000, 'forged', 'forged-aggregate', 0, 'Collection', time_stamp, payload_type,
                  payload_revision, payload, null from domain_event_entry where global_index = ?""", middle.get("global_index"));
        report = json("/api/audit/verify");
        assertThat(report.path("firstBreak").path("aggregateId").asString()).isEqualTo("forged-aggregate");
        assertThat(report.path("firstBreak").path("reason").asString()).contains("no chain hash");
        jdbc.update("delete from domain_event_entry where event_identifier = 'forged'");
        String sha = jdbc.queryForObject("select min(sha256) from response_body where sha256 in (select convert_from(payload, 'UTF8')::jsonb "
                + "->> 'responseSha256' from domain_event_entry where payload_type like '%.ResponseReceived')", String.class);
        Map<String, Object> response = jdbc.queryForMap("select * from response_body where sha256 = ?", sha);
        jdbc.update("delete from response_body where sha256 = ?", sha);
        report = json("/api/audit/verify");
        assertThat(report.path("firstBreak").path("reason").asString()).contains(sha).contains("missing");
        jdbc.update("insert into response_body (sha256, content_type, size, content, stored_at) values (?, ?, ?, ?, ?)", response.get("sha256"),
                response.get("content_type"), response.get("size"), response.get("content"), response.get("stored_at"));
        assertThat(json("/api/audit/verify").path("ok").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void processorsReportTheirPositionAgainstTheHeadInHealthAndAsPrometheusMetrics() throws Exception {
        JsonNode health = json("/actuator/health");
        JsonNode processors = health.path("components").path("eventProcessors");
        assertThat(processors.path("status").asString()).as(processors.toString()).isEqualTo("UP");
        for (String group : List.of("collection-status", "dossier", "medmij-lists", "support", "collection-process")) {
            JsonNode g = processors.path("details").path(group);
            assertThat(g.path("head").asLong()).as(group).isPositive();
            assertThat(g.path("lag").asLong()).as(group).isBetween(0L, 5L);
            assertThat(g.path("error").asBoolean()).isFalse();
        }
        HttpResponse<String> prometheus = api().get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("herkomst_processor_lag{group=\"dossier\"}", "herkomst_processor_idle_seconds{group=\"support\"}",
                "herkomst_eventstore_head ", "herkomst_processor_error{group=\"collection-status\"} 0.0");
    }

    @Test
    @Order(7)
    void everyReadOfHealthDataAndEveryStartIsInTheAccessLogKeptForItsRetention(
            @Autowired nl.herkomst.query.access.AccessLog accessLog) throws Exception {
        JsonNode conditions = Api.JSON.readTree(api().get("/api/persons/audit-person/resources?type=Condition").body()).path("resources");
        String id = conditions.get(0).path("id").asString();
        assertThat(api().get("/api/persons/audit-person/resources/Condition/" + id + "?view=elements").statusCode()).isEqualTo(200);
        assertThat(api().post("/graphql", "{\"query\":\"query Dossier($p: ID!) { person(id: $p) { resources(type: \\\"Condition\\\", first: 1) "
                + "{ totalCount } } }\",\"operationName\":\"Dossier\",\"variables\":{\"p\":\"audit-person\"}}").statusCode()).isEqualTo(200);
        JsonNode log = json("/api/audit/access-log?person=audit-person");
        List<String> actions = new java.util.ArrayList<>();
        log.path("entries").forEach(e -> actions.add(e.path("action").asString() + " " + e.path("target").asString()));
        assertThat(actions).contains("START_COLLECTION ", "READ_RESOURCES type=Condition", "READ_ELEMENTS Condition/" + id,
                "GRAPHQL graphql Dossier", "AUDIT_READ_HISTORY ");
        assertThat(json("/api/audit/access-log?limit=1000").toString()).contains("\"action\":\"AUDIT_READ_RESPONSE\"");
        // the actor is the API token's subject: the person for their own reads, the auditor for the history
        java.util.Map<String, String> actors = new java.util.HashMap<>();
        log.path("entries").forEach(e -> actors.putIfAbsent(e.path("action").asString(), e.path("actor").asString()));
        assertThat(actors).containsEntry("START_COLLECTION", "audit-person").containsEntry("GRAPHQL", "audit-person")
                .containsEntry("AUDIT_READ_HISTORY", "auditor-1");
        JsonNode first = log.path("entries").get(0);
        assertThat(first.path("clientAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(first.path("at").asString()).isNotEmpty();
        assertThat(json("/api/persons/audit-person/access-log").path("count").asInt()).isEqualTo(log.path("count").asInt());
        // a store of its own, apart from the event store and the dossier
        assertThat(jdbc.queryForObject("select count(*) from access_log.entry where person_id = 'audit-person'", Integer.class))
                .isEqualTo(log.path("count").asInt());
        // retention: 36 months
        jdbc.update("insert into access_log.entry (at, actor, person_id, action) values (now() - interval '37 months', 'anonymous', 'old-person', 'READ_RESOURCES')");
        jdbc.update("insert into access_log.entry (at, actor, person_id, action) values (now() - interval '35 months', 'anonymous', 'old-person', 'READ_RESOURCES')");
        assertThat(accessLog.purge()).isEqualTo(1);
        assertThat(json("/api/audit/access-log?person=old-person").path("count").asInt()).isEqualTo(1);
        assertThat(api().get("/api/audit/access-log?since=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(8)
    void anEventAProjectionCannotHandleStopsItsSegmentVisiblyUntilItCanInsteadOfBeingSkipped() throws Exception {
        Map<String, String> before = readModels();
        // the dossier's table refuses Conditions for a while (as a database failure would), during a replay of the dossier
        jdbc.update("alter table dossier_resource add constraint no_conditions_now check (resource_type <> 'Condition') not valid");
        assertThat(api().post("/api/admin/replay?group=dossier", "").statusCode()).isEqualTo(200);
        JsonNode dossier = null;
        for (int i = 0; i < 200; i++) {
            dossier = json("/actuator/health").path("components").path("eventProcessors").path("details").path("dossier");
            if (dossier.path("error").asBoolean()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(dossier.path("error").asBoolean()).as(dossier.toString()).isTrue();
        assertThat(json("/actuator/health").path("components").path("eventProcessors").path("status").asString()).isEqualTo("DEGRADED");
        assertThat(api().get("/actuator/prometheus").body()).contains("herkomst_processor_error{group=\"dossier\"} 1.0");
        // mended, the segment retries the event and goes on: nothing was skipped
        jdbc.update("alter table dossier_resource drop constraint no_conditions_now");
        for (int i = 0; i < 1200 && !readModels().equals(before); i++) {
            Thread.sleep(100);
        }
        assertThat(readModels()).isEqualTo(before);
    }

    void reinsert(Map<String, Object> row) {
        jdbc.update("""
                insert into domain_event_entry (global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                  payload_type, payload_revision, payload, meta_data) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                row.get("global_index"), row.get("event_identifier"), row.get("aggregate_identifier"), row.get("sequence_number"),
                row.get("type"), row.get("time_stamp"), row.get("payload_type"), row.get("payload_revision"), row.get("payload"),
                row.get("meta_data"));
    }
}
