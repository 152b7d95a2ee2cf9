package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.CollectionOutcome;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.event.AuthorizationGranted;
import nl.herkomst.api.event.CollectionCompleted;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.api.event.QueryCompleted;
import nl.herkomst.api.event.ResourceReceived;
import nl.herkomst.api.event.ResponseReceived;
import nl.herkomst.api.event.TokenGranted;
import nl.herkomst.app.audit.AuditCheckpoints;
import nl.herkomst.app.audit.EventStoreVerifier;
import nl.herkomst.app.audit.Replays;
import nl.herkomst.command.store.ResponseStore;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Not part of the default build (tag {@code benchmark}; run it with
 * {@code ./mvnw -B -pl app -am verify -DexcludedGroups= -Dgroups=benchmark -Dtest=AuditStoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false}):
 * a store of 100,000 events (synthetic collections of the real event types, through the real chaining
 * storage engine), then the time to verify it and to replay every projection from zero, with the replay's
 * event rate. It also checks that verify says OK and that the replay rebuilds the same read models.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "herkomst.sandbox.enabled=false", "herkomst.lists.enabled=false", "herkomst.audit.checkpoint-margin=0s",
        "herkomst.audit.checkpoint-interval=1000d"})
class AuditStoreBenchmark {

    static final int EVENTS = Integer.getInteger("benchmark.events", 100_000);
    static final int QUERIES = 10;
    static final int RESOURCES_PER_QUERY = 3;

    @TempDir
    static Path dir;

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ResponseStore responses;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStoreVerifier verifier;
    @Autowired
    AuditCheckpoints checkpoints;
    @Autowired
    Replays replays;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("herkomst.embedded-postgres.data-dir", () -> "");
        registry.add("herkomst.sandbox.tls-dir", () -> dir.toString());
    }

    static String bundle(int query) {
        StringBuilder sb = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":" + RESOURCES_PER_QUERY + ",\"entry\":[");
        for (int r = 0; r < RESOURCES_PER_QUERY; r++) {
            sb.append(r == 0 ? "" : ",").append("{\"fullUrl\":\"https://fhir.example.nl/Condition/q").append(query).append('-').append(r)
                    .append("\",\"resource\":{\"resourceType\":\"Condition\",\"id\":\"q").append(query).append('-').append(r)
                    .append("\",\"meta\":{\"profile\":[\"http://nictiz.nl/fhir/StructureDefinition/zib-Problem\"]},")
                    .append("\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"").append(100000 + query * 10 + r)
                    .append("\",\"display\":\"Synthetische aandoening\"}]}},\"search\":{\"mode\":\"match\"}}");
        }
        return sb.append("]}").toString();
    }

    List<GenericDomainEventMessage<?>> collection(int n, List<String> shas) {
        CollectionId id = new CollectionId(UUID.randomUUID().toString());
        PersonId person = new PersonId("benchmark-person-" + (n % 500));
        Instant t = Instant.parse("2026-12-01T08:00:00Z").plusSeconds(n * 60L);
        List<String> queries = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            queries.add("Condition?category=" + q);
        }
        List<Object> payloads = new ArrayList<>();
        payloads.add(new CollectionRequested(id, person, "sandbox@medmij", "sandbox@medmij", "48", "BgZ", "3.0", "MM-3.0.0-BZB-FHIR", "STU3",
                "https://sandbox.localhost/oauth2/authorize", "https://sandbox.localhost/oauth2/token", "https://sandbox.localhost/fhir/stu3",
                "herkomst.localhost", "http://127.0.0.1:8080/oauth/callback", "sandbox~48", "b".repeat(64), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), queries, "1", t, "1"));
        payloads.add(new AuthorizationGranted(id, t.plusSeconds(10)));
        payloads.add(new TokenGranted(id, "vault:" + UUID.randomUUID(), t.plusSeconds(900), "sandbox~48", false, t.plusSeconds(11)));
        for (int q = 0; q < QUERIES; q++) {
            Instant at = t.plusSeconds(12 + q);
            payloads.add(new ResponseReceived(id, queries.get(q), 1, "https://sandbox.localhost/fhir/stu3/" + queries.get(q), 200,
                    "application/fhir+json", shas.get(q), 1000, UUID.randomUUID().toString(), at));
            for (int r = 0; r < RESOURCES_PER_QUERY; r++) {
                payloads.add(new ResourceReceived(id, person, queries.get(q), 1, shas.get(q), r, "Condition", "q" + q + "-" + r, null,
                        List.of("http://nictiz.nl/fhir/StructureDefinition/zib-Problem"), "match", "STU3", at));
            }
            payloads.add(new QueryCompleted(id, person, queries.get(q), RESOURCES_PER_QUERY, 1, List.of(), at));
        }
        payloads.add(new CollectionCompleted(id, person, CollectionOutcome.COMPLETED, QUERIES * RESOURCES_PER_QUERY, QUERIES, 0, null,
                t.plusSeconds(30)));
        List<GenericDomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            events.add(new GenericDomainEventMessage<>("Collection", id.value(), i, payloads.get(i)));
        }
        return events;
    }

    Map<String, String> readModels() {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : List.of("collection_status", "collection_query", "collection_query_resource", "dossier_source", "dossier_response",
                "dossier_resource", "support_collection", "support_query", "support_step")) {
            sums.put(table, jdbc.queryForObject("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '-') from "
                    + table + " t", String.class));
        }
        return sums;
    }

    long head() {
        return jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
    }

    boolean caughtUp(long head) {
        return replays.status().stream().filter(Replays.ProcessorStatus::replayable)
                .allMatch(p -> !p.replaying() && p.position() != null && p.position() >= head);
    }

    @Test
    void verifyAndReplayAStoreOf100000Events() throws Exception {
        List<String> shas = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            shas.add(responses.put(bundle(q).getBytes(StandardCharsets.UTF_8), "application/fhir+json"));
        }
        int perCollection = 4 + QUERIES * (2 + RESOURCES_PER_QUERY);
        int collections = (EVENTS + perCollection - 1) / perCollection;
        long start = System.nanoTime();
        for (int n = 0; n < collections; n++) {
            List<GenericDomainEventMessage<?>> events = collection(n, shas);
            tx.executeWithoutResult(s -> eventStore.publish(events));
        }
        long appended = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        double appendSeconds = (System.nanoTime() - start) / 1e9;
        long head = head();
        long processStart = System.nanoTime();
        while (!caughtUp(head)) {
            Thread.sleep(200);
        }
        double processSeconds = (System.nanoTime() - processStart) / 1e9;

        long cp = System.nanoTime();
        checkpoints.checkpoint();
        double checkpointSeconds = (System.nanoTime() - cp) / 1e9;
        EventStoreVerifier.Report report = verifier.verify();
        assertThat(report.ok()).as(String.valueOf(report.firstBreak())).isTrue();
        assertThat(report.events()).isEqualTo(appended);

        Map<String, String> before = readModels();
        long replayStart = System.nanoTime();
        replays.replay("all");
        Thread.sleep(100);
        while (!caughtUp(head)) {
            Thread.sleep(100);
        }
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
        assertThat(readModels()).isEqualTo(before);

        String result = String.format(java.util.Locale.ROOT, "RESULT events=%d collections=%d append_s=%.1f first_processing_s=%.1f checkpoint_s=%.2f "
                        + "verify_s=%.2f (%d events, %d responses) replay_s=%.1f replay_events_per_s=%.0f (%d projections)",
                appended, collections, appendSeconds, processSeconds, checkpointSeconds, report.durationMillis() / 1000.0, report.events(),
                report.responses(), replaySeconds, appended / replaySeconds, replays.replayable().size());
        System.out.println(result);
        java.nio.file.Files.writeString(Path.of("target", "audit-store-benchmark.txt"), result + "\n");
    }
}
