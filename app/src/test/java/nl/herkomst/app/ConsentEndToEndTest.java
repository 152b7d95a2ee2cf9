package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import nl.herkomst.app.qualification.SandboxLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Long-term consent through real HTTP, on the product's demo data: the person chooses it at the sandbox, the
 * provider gives a refresh token with the code exchange, and the PGO collects again on its own (every 3 s
 * here) with {@code grant_type=refresh_token} over mutual TLS. The person lists and withdraws consents; a
 * provider that withdraws its authorizations ends the consent (REFUSED_BY_PROVIDER); six months unused ends it
 * (NOT_USED); erasure removes it. No refresh token ever reaches a log line or a table in the clear.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ConsentEndToEndTest {

    @TempDir
    static Path tls;
    static int backendPort;
    static int sandboxPort;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    nl.herkomst.command.store.PersonKeys keys;
    @Autowired
    nl.herkomst.command.consent.ConsentTokens consentTokens;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        backendPort = CollectionEndToEndTest.freePort();
        sandboxPort = CollectionEndToEndTest.freePort();
        CollectionEndToEndTest.backend(registry, backendPort, sandboxPort, tls);
        registry.add("herkomst.consent.recollect-every", () -> "3s");
        registry.add("herkomst.consent.check-every", () -> "500ms");
    }

    Api api() {
        return new Api(backendPort);
    }

    HttpResponse<String> sandbox(String method, String pathAndQuery) throws Exception {
        return Api.sandbox(tls.resolve("ca.pem"), sandboxPort, method, pathAndQuery);
    }

    /** A collection the person starts and confirms at the sandbox; returns its id. */
    String collect(String person) throws Exception {
        JsonNode started = api().startCollection(person, "sandbox@medmij", "48");
        SandboxLogin.Callback callback = new SandboxLogin(tls.resolve("ca.pem")).authorize(started.path("authorizationUrl").asString(), "demo");
        assertThat(callback.status()).isEqualTo(200);
        String id = started.path("collectionId").asString();
        JsonNode status = api().awaitFinal(person, id);
        assertThat(status.path("status").asString()).as(status.toString()).isEqualTo("COMPLETED");
        return id;
    }

    JsonNode consents(String person) throws Exception {
        HttpResponse<String> r = api().get("/api/persons/" + person + "/consents");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Api.JSON.readTree(r.body()).path("consents");
    }

    JsonNode await(String what, ThrowingSupplier<JsonNode> read, Predicate<JsonNode> done) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 300; i++) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not reached; last " + last);
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    List<String> collections(String person) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode c : Api.JSON.readTree(api().get("/api/persons/" + person + "/collections").body()).path("collections")) {
            ids.add(c.path("collectionId").asString() + " " + c.path("status").asString());
        }
        return ids;
    }

    /**
     * Erased while a collection of theirs still fetches: the collection stops, and nothing of the person is left or readable again.
     * Round 0 erases at once (the code not yet exchanged), rounds 1 and 2 after the first queries, round 3 while the provider's
     * answer to the first query is on its way (the sandbox takes five seconds over it, time enough for the erasure on a loaded machine): that answer, stored as it comes, is refused
     * as a page and its bytes are taken back.
     */
    @Test
    void erasingWhileACollectionFetchesLeavesNothingAndGivesTheirEventsNoNewKey() throws Exception {
        for (int round = 0; round < 4; round++) {
            String person = "fetching-" + round;
            boolean slow = round == 3;
            if (slow) {
                assertThat(sandbox("PUT", "/sandbox/behaviour/Patient?mode=slow").statusCode()).isEqualTo(200);
            }
            // round 0 with long-term consent: the code exchange, which may end after the erasure, grants a consent
            assertThat(sandbox("PUT", "/sandbox/long-term-consent?enabled=" + (round == 0)).statusCode()).isEqualTo(200);
            JsonNode started = api().startCollection(person, "sandbox@medmij", "48");
            String id = started.path("collectionId").asString();
            SandboxLogin.Callback callback = new SandboxLogin(tls.resolve("ca.pem")).authorize(started.path("authorizationUrl").asString(), "demo");
            assertThat(callback.status()).isEqualTo(200);
            int after = slow ? 0 : round * 3;
            for (int i = 0; round > 0 && i < 200; i++) {
                JsonNode now = Api.JSON.readTree(api().get("/api/persons/" + person + "/collections/" + id).body());
                if (now.path("status").asString().equals("FETCHING") && now.path("queriesDone").asInt() >= after) {
                    break;
                }
                Thread.sleep(10);
            }
            try {
                assertThat(api().delete("/api/persons/" + person).statusCode()).isEqualTo(200);
            } finally {
                sandbox("DELETE", "/sandbox/failures");
            }
            if (slow) {
                assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                        + "and payload_type = 'nl.herkomst.api.event.ResponseReceived'", Integer.class, id))
                        .as("pages recorded of the answer that came after the erasure").isZero();
            }
            // the collection ends (its token is gone); its later events carry no person id and give the person no key again
            await("the collection's end", () -> Api.JSON.valueToTree(jdbc.queryForObject("select count(*) from domain_event_entry "
                    + "where aggregate_identifier = ? and payload_type = 'nl.herkomst.api.event.CollectionCompleted'", Integer.class, id)),
                    n -> n.asInt() == 1);
            Thread.sleep(300);
            assertThat(keys.keyId(new nl.herkomst.api.PersonId(person))).as("a data key of the erased person").isEmpty();
            for (String consent : jdbc.queryForList("select aggregate_identifier from domain_event_entry where payload_type = "
                    + "'nl.herkomst.api.event.ConsentGranted' and position(? in convert_from(payload, 'UTF8')) > 0", String.class, id)) {
                await("the refresh token of consent " + consent + " gone", () -> Api.JSON.valueToTree(
                        consentTokens.get(new nl.herkomst.api.ConsentId(consent)).isPresent()), present -> !present.asBoolean());
            }
            String history = api().get("/api/audit/collections/" + id + "/events").body();
            assertThat(history).contains("\"personId\":null").doesNotContain(person);
            assertThat(TableScan.find(jdbc, java.util.Set.of(person))).as("the person's id anywhere").isEmpty();
            List<String> named = jdbc.queryForList("select distinct b.sha256 from response_body b join domain_event_entry e "
                    + "on e.aggregate_identifier = ? and position(b.sha256 in convert_from(e.payload, 'UTF8')) > 0 where not exists (select 1 "
                    + "from domain_event_entry o where o.aggregate_identifier <> ? and position(b.sha256 in convert_from(o.payload, 'UTF8')) > 0)",
                    String.class, id, id);
            assertThat(named).as("stored responses its events name (and no one else's)").isEmpty();
            // nor an answer that came in after the erasure, stored but refused as a page: no event names it
            assertThat(jdbc.queryForList("select sha256 from response_body b where not exists (select 1 from domain_event_entry e "
                    + "where position(convert_to(b.sha256, 'UTF8') in e.payload) > 0)", String.class)).as("stored responses no event names").isEmpty();
        }
    }

    @Test
    void withLongTermConsentThePgoCollectsAgainWithoutThePersonUntilTheConsentEnds(CapturedOutput output) throws Exception {
        // without long-term consent: no refresh token, no consent
        assertThat(sandbox("PUT", "/sandbox/long-term-consent?enabled=false").statusCode()).isEqualTo(200);
        collect("short-term");
        assertThat(consents("short-term")).isEmpty();

        assertThat(sandbox("PUT", "/sandbox/long-term-consent?enabled=true").statusCode()).isEqualTo(200);
        assertThat(sandbox("PUT", "/sandbox/long-term-consent?enabled=maybe").statusCode()).isEqualTo(400);
        String first = collect("anna");
        JsonNode consent = await("a consent", () -> consents("anna"), c -> c.size() == 1).get(0);
        assertThat(consent.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(consent.path("grantedWith").asString()).isEqualTo(first);
        assertThat(consent.path("gegevensdienst").asString()).isEqualTo("48");
        String consentId = consent.path("consentId").asString();
        assertThat(jdbc.queryForObject("select count(*) from vault_secret where reference = ?", Integer.class, "refresh:" + consentId)).isEqualTo(1);

        // the scheduler collects again: a second and a third collection, without anyone at the sandbox
        JsonNode used = await("two collections on the consent", () -> consents("anna").get(0), c -> c.path("collections").asInt() >= 3);
        assertThat(used.path("lastCollectionId").asString()).isNotEqualTo(first);
        String offline = used.path("lastCollectionId").asString();
        JsonNode status = api().awaitFinal("anna", offline);
        assertThat(status.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(status.path("resources").asInt()).isGreaterThanOrEqualTo(9);
        assertThat(status.path("consentId").asString()).as("a collection without the person names its consent").isEqualTo(consentId);
        assertThat(api().awaitFinal("anna", first).path("consentId").isNull()).isTrue();
        String history = api().get("/api/audit/collections/" + offline + "/events").body();
        assertThat(history).contains("\"type\":\"OfflineCollectionStarted\"").contains(consentId).contains("\"type\":\"TokenGranted\"")
                .doesNotContain("\"type\":\"AuthorizationGranted\"");
        assertThat(api().get("/api/support/collections/" + offline + "/timeline").body()).contains("CONSENT_USED");

        // the person withdraws it: the refresh token is deleted, nothing more is collected
        assertThat(api().send("DELETE", "/api/persons/anna/consents/" + consentId, api().token("mallory", "PERSON")).statusCode()).isEqualTo(403);
        assertThat(api().delete("/api/persons/anna/consents/00000000-0000-4000-8000-000000000000").statusCode()).isEqualTo(404);
        HttpResponse<String> notTheirs = api().send("DELETE", "/api/persons/mallory/consents/" + consentId, api().token("mallory", "PERSON"));
        assertThat(notTheirs.statusCode()).as(notTheirs.body()).isEqualTo(404);
        HttpResponse<String> withdrawn = api().delete("/api/persons/anna/consents/" + consentId);
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        assertThat(Api.JSON.readTree(withdrawn.body()).path("changed").asBoolean()).isTrue();
        assertThat(Api.JSON.readTree(api().delete("/api/persons/anna/consents/" + consentId).body()).path("changed").asBoolean()).isFalse();
        assertThat(api().delete("/api/persons/anna/consents/not-a-uuid").statusCode()).isEqualTo(400);
        await("withdrawn", () -> consents("anna").get(0), c -> c.path("status").asString().equals("WITHDRAWN"));
        await("the refresh token deleted", () -> Api.JSON.valueToTree(jdbc.queryForObject(
                "select count(*) from vault_secret where reference = ?", Integer.class, "refresh:" + consentId)), n -> n.asInt() == 0);
        Thread.sleep(500);
        int after = collections("anna").size();
        Thread.sleep(4_000);
        assertThat(collections("anna")).as("no collection after the withdrawal").hasSize(after);

        // the provider withdraws its authorizations: the next refresh is refused, the consent lapses, the collection says why
        collect("bram");
        String bramConsent = await("bram's consent", () -> consents("bram"), c -> c.size() == 1).get(0).path("consentId").asString();
        assertThat(Api.JSON.readTree(sandbox("DELETE", "/sandbox/authorizations").body()).path("revoked").asInt()).isGreaterThan(0);
        JsonNode lapsed = await("lapsed", () -> consents("bram").get(0), c -> c.path("status").asString().equals("LAPSED"));
        assertThat(lapsed.path("endReason").asString()).isEqualTo("REFUSED_BY_PROVIDER");
        assertThat(lapsed.path("endError").asString()).isEqualTo("invalid_grant");
        JsonNode refused = await("the refused collection", () -> Api.JSON.valueToTree(collections("bram")),
                c -> c.toString().contains("FAILED"));
        assertThat(refused.toString()).contains("FAILED");
        await("bram's refresh token deleted", () -> Api.JSON.valueToTree(jdbc.queryForObject(
                "select count(*) from vault_secret where reference = ?", Integer.class, "refresh:" + bramConsent)), n -> n.asInt() == 0);

        // six months without a collection: lapsed (the read model's last use moved back, as time would)
        collect("carla");
        String carlaConsent = await("carla's consent", () -> consents("carla"), c -> c.size() == 1).get(0).path("consentId").asString();
        jdbc.update("update consent_status set last_used_at = now() - interval '181 days' where consent_id = ?", carlaConsent);
        JsonNode unused = await("unused", () -> consents("carla").get(0), c -> c.path("status").asString().equals("LAPSED"));
        assertThat(unused.path("endReason").asString()).isEqualTo("NOT_USED");

        // a new consent for the same provider and gegevensdienst supersedes the old one
        collect("dirk");
        await("dirk's consent", () -> consents("dirk"), c -> c.size() == 1);
        collect("dirk");
        JsonNode both = await("superseded", () -> consents("dirk"), c -> c.size() == 2 && c.toString().contains("SUPERSEDED"));
        assertThat(both.get(0).path("status").asString()).isEqualTo("ACTIVE");
        assertThat(both.get(1).path("endReason").asString()).isEqualTo("SUPERSEDED");

        // erasure takes the consents and their refresh tokens along
        String dirkActive = both.get(0).path("consentId").asString();
        assertThat(api().delete("/api/persons/dirk").statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from consent_status where person_id = 'dirk'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from vault_secret where reference = ?", Integer.class, "refresh:" + dirkActive)).isZero();

        // no refresh token the sandbox gave is anywhere in the clear: not in the output, not in any table
        List<String> refreshTokens = new ArrayList<>();
        Api.JSON.readTree(sandbox("GET", "/sandbox/refresh-tokens").body()).path("refreshTokens").forEach(t -> refreshTokens.add(t.asString()));
        assertThat(refreshTokens).hasSizeGreaterThanOrEqualTo(6);
        assertThat(TableScan.find(jdbc, java.util.Set.copyOf(refreshTokens))).as("refresh tokens in the clear in a table").isEmpty();
        for (String token : refreshTokens) {
            assertThat(output.getAll()).as("a refresh token in the output").doesNotContain(token);
        }
    }
}
