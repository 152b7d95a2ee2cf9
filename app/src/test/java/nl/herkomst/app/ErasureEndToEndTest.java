package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nl.herkomst.app.audit.Replays;
import nl.herkomst.app.qualification.QualificationDryRun;
import nl.herkomst.app.qualification.QualificationDryRuns;
import nl.herkomst.sandbox.NictizMaterial;
import nl.herkomst.sandbox.qualification.SharedFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Erasure with crypto-shredding, on everything the Nictiz developer set has: every script's patient collected
 * (and every send script shared) through the API, one collecting person and one sharing person erased, every
 * projection replayed from the first event. Then every column of every table is scanned for what was theirs:
 * their person id, their Patient's names, ids and identifiers, and every other text value of their resources
 * (or of the Bundle they sent) that no other person has. Nothing may be found; the other persons' dossiers,
 * statuses and shares are as before; the event store still verifies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ErasureEndToEndTest {

    @TempDir
    static Path tls;
    static int backendPort;
    static int sandboxPort;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    QualificationDryRuns dryRuns;
    @Autowired
    Replays replays;

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

    @Test
    void anErasedPersonCannotBeReconstructedFromAnyTableAfterAReplayAndTheOthersAreUntouched() throws Exception {
        QualificationDryRun.Report report = dryRuns.create().run(NictizMaterial.require().resolve("Nictiz-testscripts/output"), dryRuns.rules());
        assertThat(report.failed()).isZero();
        Api api = new Api(backendPort);

        // every person's text values; a value is the person's own when no other person has it
        Map<String, Set<String>> values = new TreeMap<>();
        jdbc.query("select person_id, resource_json from dossier_resource", rs -> {
            strings(Api.JSON.readTree(rs.getString(2)), values.computeIfAbsent(rs.getString(1), k -> new HashSet<>()));
        });
        jdbc.query("select s.person_id, convert_from(b.content, 'UTF8') from share_status s join response_body b on b.sha256 = s.bundle_sha256", rs -> {
            strings(Api.JSON.readTree(rs.getString(2)), values.computeIfAbsent(rs.getString(1), k -> new HashSet<>()));
        });
        assertThat(values.size()).as("persons of the dry run").isGreaterThan(20);
        Map<String, Integer> holders = new HashMap<>();
        values.values().forEach(v -> v.forEach(s -> holders.merge(s, 1, Integer::sum)));
        // the directory's names (a provider named in a Bundle sent to it) are no one's either
        jdbc.queryForList("select distinct provider from collection_status union select distinct provider from share_status", String.class)
                .forEach(p -> holders.merge(p, 2, Integer::sum));
        // and so are the words of the gegevensdiensten's own queries (resource types, parameters, their values)
        for (String query : jdbc.queryForList("select distinct query from collection_query", String.class)) {
            for (String word : query.split("[^A-Za-z0-9.:-]+")) {
                holders.merge(word, 2, Integer::sum);
            }
        }

        // the collecting person with a Patient whose family name is theirs alone, and the most values of their own
        String collector = null;
        Set<String> collectorNeedles = Set.of();
        for (String person : jdbc.queryForList("select distinct person_id from dossier_resource where resource_type = 'Patient'", String.class)) {
            Set<String> own = own(values.get(person), holders);
            List<String> families = families(person);
            if (!families.isEmpty() && own.containsAll(families) && own.size() > collectorNeedles.size()) {
                collector = person;
                collectorNeedles = own;
            }
        }
        assertThat(collector).as("a person whose Patient no other person has").isNotNull();
        String sharer = jdbc.queryForObject("select min(person_id) from share_status where kind = 'patient-correction' and status = 'SHARED'", String.class);
        assertThat(sharer).isNotNull();
        Set<String> sharerNeedles = own(values.get(sharer), holders);

        Set<String> needles = new LinkedHashSet<>();
        needles.add(collector);
        needles.add(sharer);
        needles.addAll(collectorNeedles);
        needles.addAll(sharerNeedles);
        needles.addAll(jdbc.queryForList("select resource_id from dossier_resource where person_id = ? and resource_type = 'Patient'", String.class, collector));
        assertThat(collectorNeedles).as("values only the collector has: names, ids, identifiers, findings").hasSizeGreaterThan(20).containsAll(families(collector));
        assertThat(sharerNeedles).as("values only the sharer sent").hasSizeGreaterThan(3);
        assertThat(scan(needles)).as("before the erasure, the scan finds them").isNotEmpty();

        Map<String, Object> othersBefore = others(Set.of(collector, sharer));
        int collectorCollections = jdbc.queryForObject("select count(*) from collection_status where person_id = ?", Integer.class, collector);

        // the person erases themselves; an administrator erases the sharer on their request
        HttpResponse<String> erased = api.delete("/api/persons/" + collector);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        JsonNode body = Api.JSON.readTree(erased.body());
        assertThat(body.path("collections").asInt()).isEqualTo(collectorCollections);
        assertThat(body.path("storedResponses").asInt()).isGreaterThan(0);
        String erasureHistory = api.get("/api/audit/collections/" + body.path("erasureId").asString() + "/events").body();
        assertThat(erasureHistory).contains("\"type\":\"PersonErased\"").contains("\"aggregateType\":\"Erasure\"").doesNotContain(collector);
        HttpResponse<String> byAdmin = api.send("DELETE", "/api/persons/" + sharer, api.token("admin-1", "ADMIN"));
        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(200);
        assertThat(Api.JSON.readTree(byAdmin.body()).path("shares").asInt()).isGreaterThanOrEqualTo(1);
        // who erased is accountable: the administrator by their subject, the person not at all; the access log names the erasure
        assertThat(jdbc.queryForList("select convert_from(payload, 'UTF8') from domain_event_entry where payload_type = "
                + "'nl.herkomst.api.event.PersonErased' order by global_index", String.class))
                .hasSize(2).satisfiesExactly(p -> assertThat(p).contains("\"requestedBy\":\"PERSON\"", "\"administrator\":null"),
                        p -> assertThat(p).contains("\"requestedBy\":\"ADMIN\"", "\"administrator\":\"admin-1\""));
        List<String> logged = List.of();
        for (int i = 0; i < 40 && logged.size() < 2; i++) {
            Thread.sleep(50); // written as the request completes
            logged = jdbc.queryForList("select actor || ' ' || coalesce(person_id, '-') from access_log.entry where action = 'ERASE_PERSON' "
                    + "order by id", String.class);
        }
        assertThat(logged).containsExactly("(the erased person) -", "admin-1 -");
        // another person cannot erase someone
        assertThat(api.send("DELETE", "/api/persons/" + othersBefore.keySet().iterator().next().split(" ")[0], api.token("mallory", "PERSON"))
                .statusCode()).isEqualTo(403);

        // every projection rebuilt from the first event
        HttpResponse<String> replay = api.post("/api/admin/replay?group=all", "");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        Thread.sleep(500);
        assertThat(replays.awaitReplayed(Duration.ofMinutes(4))).isTrue();
        Map<String, Object> othersAfter = null;
        for (int i = 0; i < 100 && !othersBefore.equals(othersAfter); i++) {
            Thread.sleep(100);
            othersAfter = others(Set.of(collector, sharer));
        }
        assertThat(othersAfter).as("the other persons' dossiers, statuses and shares").isEqualTo(othersBefore);

        long started = System.nanoTime();
        Map<String, String> found = scan(needles);
        System.out.printf("ErasureEndToEndTest: %d persons, %d needles (%d of the collector, %d of the sharer) scanned in every table in %d ms%n",
                values.size(), needles.size(), collectorNeedles.size(), sharerNeedles.size(), (System.nanoTime() - started) / 1_000_000);
        assertThat(found).as("traces of the erased persons after the replay").isEmpty();

        // asked after the scan: a request naming the person is a new entry in the access log, made by whoever asks
        assertThat(api.resources(collector, null)).isEmpty();
        HttpResponse<String> list = api.get("/api/persons/" + collector + "/collections");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Api.JSON.readTree(list.body()).path("collections").isArray()).isTrue();
        assertThat(Api.JSON.readTree(list.body()).path("collections")).isEmpty();

        // a row a lagging projection wrote after the erasure (its key is gone, no event names the person any more): a second erasure
        // finds it by the person's id
        jdbc.update("insert into dossier_source (collection_id, person_id, provider, gegevensdienst) values (?, ?, 'sandbox@medmij', '48')",
                java.util.UUID.randomUUID().toString(), collector);
        assertThat(api.delete("/api/persons/" + collector).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from dossier_source where person_id = ?", Integer.class, collector)).isZero();
        // an id the API refuses (nine digits, as a BSN) is refused by the auditors' history too, and never kept in the access log
        HttpResponse<String> bsn = api.get("/api/audit/persons/123456782/events");
        assertThat(bsn.statusCode()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from access_log.entry where person_id = '123456782'", Integer.class)).isZero();

        // the history stays whole and says that erasures happened, and nothing else of them
        JsonNode verify = Api.JSON.readTree(api.get("/api/audit/verify").body());
        assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.path("erasedStreams").asLong()).as("the erased persons' collections and shares").isEqualTo(collectorCollections + 1);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = 'nl.herkomst.api.event.PersonErased'", Integer.class))
                .isEqualTo(3);
        JsonNode history = Api.JSON.readTree(api.get("/api/audit/persons/" + collector + "/events").body());
        assertThat(history.path("total").asLong()).as("an erased person's events can no longer be found by their id").isZero();
    }

    /** The persons' resource counts, collection statuses and share statuses, except the erased ones. */
    Map<String, Object> others(Set<String> except) {
        Map<String, Object> state = new TreeMap<>();
        jdbc.query("select person_id, count(*), string_agg(resource_id, ',' order by resource_id) from dossier_resource group by person_id", rs -> {
            if (!except.contains(rs.getString(1))) {
                state.put(rs.getString(1) + " resources", rs.getLong(2) + " " + rs.getString(3));
            }
        });
        jdbc.query("select person_id, string_agg(collection_id || ':' || status || ':' || resources, ',' order by collection_id) from collection_status group by person_id",
                rs -> {
                    if (!except.contains(rs.getString(1))) {
                        state.put(rs.getString(1) + " collections", rs.getString(2));
                    }
                });
        jdbc.query("select person_id, string_agg(share_id || ':' || status, ',' order by share_id) from share_status group by person_id", rs -> {
            if (!except.contains(rs.getString(1))) {
                state.put(rs.getString(1) + " shares", rs.getString(2));
            }
        });
        return state;
    }

    List<String> families(String person) {
        List<String> families = new ArrayList<>();
        for (String json : jdbc.queryForList("select resource_json from dossier_resource where person_id = ? and resource_type = 'Patient'", String.class,
                person)) {
            for (JsonNode name : Api.JSON.readTree(json).path("name")) {
                if (name.path("family").isString()) {
                    families.add(name.path("family").asString());
                }
            }
        }
        return families;
    }

    /** The values of {@code mine} no one else has, long enough not to be found by chance (six characters, a letter or digit in them). */
    static Set<String> own(Set<String> mine, Map<String, Integer> holders) {
        Set<String> own = new LinkedHashSet<>();
        for (String s : mine == null ? Set.<String>of() : mine) {
            if (holders.get(s) == 1 && s.length() >= 6 && s.length() <= 200 && s.matches(".*[A-Za-z].*")) {
                own.add(s);
            }
        }
        return own;
    }

    /**
     * FHIR's vocabulary is no one's: the values of these keys (resource types, code systems, codes, profiles,
     * statuses, kinds) and URLs/OIDs are not taken as a person's values even when only one person's data has them.
     */
    static final Set<String> VOCABULARY = Set.of("resourceType", "system", "code", "url", "profile", "status", "use", "type", "mode", "unit",
            "contentType", "language", "gender", "method", "intent", "priority", "category", "kind");

    static void strings(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            for (java.util.Map.Entry<String, JsonNode> field : node.properties()) {
                if (!(VOCABULARY.contains(field.getKey()) && field.getValue().isString())) {
                    strings(field.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                strings(child, into);
            }
        } else if (node.isString() && !node.asString().matches("(?i)(https?:|urn:oid:).*")) {
            into.add(node.asString());
        }
    }

    Map<String, String> scan(Set<String> needles) {
        return TableScan.find(jdbc, needles);
    }
}
