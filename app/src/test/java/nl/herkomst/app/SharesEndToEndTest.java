package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ca.uhn.fhir.context.FhirContext;
import nl.herkomst.app.qualification.SandboxLogin;
import nl.herkomst.sandbox.fhir.RequestLog;
import nl.herkomst.sandbox.tls.SandboxTls;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
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
 * Delen end to end over real HTTP, on the product's own demo data: the backend on embedded PostgreSQL, the
 * sandbox as the receiving provider (OAuth, FHIR STU3 and R4), a person confirming at the sandbox. Each of
 * the three kinds of share, a refusal by the provider, a Bundle that fails validation, bad input, and a scan
 * of every event, read model and log line for the tokens, codes and BSNs that passed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SharesEndToEndTest {

    static final Set<String> FINAL = Set.of("SHARED", "PARTIALLY_SHARED", "NOT_SENT_INVALID", "AUTHORIZATION_REFUSED", "REFUSED_BY_PROVIDER",
            "FAILED", "EXPIRED");
    static final String PATIENT = "{\"given\":[\"Sanne\"],\"family\":\"Demo-Herkomst\",\"birthDate\":\"1984-05-17\",\"gender\":\"female\","
            + "\"street\":\"Voorbeeldstraat 1\",\"postalCode\":\"9999ZZ\",\"city\":\"Stitswerd\"}";

    @TempDir
    static Path tls;
    @TempDir
    static Path fixtures;
    static int backendPort;
    static int sandboxPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SandboxLauncher sandbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        backendPort = CollectionEndToEndTest.freePort();
        sandboxPort = CollectionEndToEndTest.freePort();
        CollectionEndToEndTest.backend(registry, backendPort, sandboxPort, tls);
        registry.add("herkomst.sandbox.fixtures", SharesEndToEndTest::fixtures);
        // small limits, so that the limits themselves are tested
        registry.add("herkomst.share-limits.max-pdf-bytes", () -> "300KB");
        registry.add("herkomst.share-limits.max-body-bytes", () -> "400KB");
        // an unconfirmed share expires quickly; the recovery looks every second
        registry.add("herkomst.medmij.state-ttl", () -> "8s");
        registry.add("herkomst.share-recovery.interval", () -> "1s");
        registry.add("herkomst.share-recovery.stalled", () -> "2s");
    }

    Api api() {
        return new Api(backendPort);
    }

    /**
     * The product's demo fixtures, plus a letter the provider gives the demo patient (gegevensdienst 51) whose
     * type coding has no system: provider data as it sometimes is, which a share of that document must not pass on.
     */
    static String fixtures() {
        try {
            Path demo = Path.of("..", "sandbox", "src", "main", "resources", "demo-fixtures");
            try (var files = java.nio.file.Files.list(demo)) {
                for (Path f : files.toList()) {
                    java.nio.file.Files.copy(f, fixtures.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            java.nio.file.Files.writeString(fixtures.resolve("DocumentReference-demo-letter.json"), """
                    {"resourceType":"DocumentReference","id":"herkomst-demo-letter",
                     "meta":{"profile":["http://nictiz.nl/fhir/StructureDefinition/IHE.MHD.Minimal.DocumentReference"]},
                     "status":"current","type":{"coding":[{"code":"letter","display":"Brief"}]},
                     "subject":{"reference":"Patient/herkomst-demo-patient","display":"Sanne Demo-Herkomst"},
                     "indexed":"2026-11-01T10:00:00+01:00",
                     "content":[{"attachment":{"contentType":"application/pdf","url":"Binary/herkomst-demo-letter-pdf","title":"Brief"}}]}""");
            java.nio.file.Files.writeString(fixtures.resolve("Binary-demo-letter.json"), "{\"resourceType\":\"Binary\",\"id\":\"herkomst-demo-letter-pdf\","
                    + "\"contentType\":\"application/pdf\",\"content\":\"" + java.util.Base64.getEncoder().encodeToString(pdf(50)) + "\"}");
            return fixtures.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    SandboxLogin browser() throws Exception {
        return new SandboxLogin(tls.resolve("ca.pem"));
    }

    RequestLog exchanges() {
        return sandbox.context().getBean(RequestLog.class);
    }

    String sandboxControl(String method, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(SandboxTls.trusting(tls.resolve("ca.pem"))).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + sandboxPort + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String now(int minutesAgo) {
        return OffsetDateTime.now(ZoneOffset.ofHours(1)).minusMinutes(minutesAgo).withNano(0).toString();
    }

    static String measurements() {
        return "{\"kind\":\"measurements\",\"provider\":\"sandbox@medmij\",\"patient\":" + PATIENT + ",\"measurements\":["
                + "{\"type\":\"blood-pressure\",\"systolic\":121,\"diastolic\":79,\"at\":\"" + now(30) + "\"},"
                + "{\"type\":\"body-weight\",\"value\":82.5,\"at\":\"" + now(20) + "\"},"
                + "{\"type\":\"blood-glucose\",\"value\":5.4,\"at\":\"" + now(10) + "\"}]}";
    }

    static String correction() {
        return "{\"kind\":\"patient-correction\",\"provider\":\"sandbox@medmij\",\"patient\":" + PATIENT + ",\"correction\":"
                + "{\"text\":\"Mijn telefoonnummer in het dossier klopt niet.\",\"topic\":\"Telefoonnummer\"}}";
    }

    /** A small PDF of our own (the magic, a page, an EOF marker): what a person would upload. */
    static byte[] pdf(int padding) {
        String body = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n";
        byte[] head = body.getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        byte[] pdf = new byte[head.length + padding + tail.length];
        System.arraycopy(head, 0, pdf, 0, head.length);
        java.util.Arrays.fill(pdf, head.length, head.length + padding, (byte) ' ');
        System.arraycopy(tail, 0, pdf, head.length + padding, tail.length);
        return pdf;
    }

    HttpResponse<String> upload(String person, byte[] file, String... fields) throws Exception {
        String boundary = "test-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            String type = fields[i].equals("patient") ? "Content-Type: application/json\r\n" : "";
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n" + type + "\r\n" + fields[i + 1]
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"brief.pdf\"\r\n"
                    + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendPort + "/api/persons/" + person + "/shares"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + api().token(person, "PERSON"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode awaitFinal(String person, String shareId) throws Exception {
        JsonNode share = null;
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> r = api().get("/api/persons/" + person + "/shares/" + shareId);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            share = Api.JSON.readTree(r.body());
            if (FINAL.contains(share.path("status").asString())) {
                return share;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("share did not end: " + share);
    }

    /** Starts a share, confirms it at the sandbox as the demo user, waits for its end; the callback is kept. */
    JsonNode share(String person, HttpResponse<String> started, List<SandboxLogin.Callback> callbacks) throws Exception {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonNode body = Api.JSON.readTree(started.body());
        assertThat(body.path("status").asString()).isEqualTo("AWAITING_AUTHORIZATION");
        String url = body.path("authorizationUrl").asString();
        assertThat(SandboxLogin.param(URI.create(url), "scope")).startsWith("sandbox~");
        SandboxLogin.Callback callback = browser().authorize(url, "demo");
        callbacks.add(callback);
        assertThat(callback.status()).isEqualTo(200);
        assertThat(callback.body()).contains("Bevestiging ontvangen");
        return awaitFinal(person, body.path("shareId").asString());
    }

    RequestLog.Exchange lastPost(long since) {
        return exchanges().since(since).stream().filter(e -> e.method().equals("POST")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no Bundle reached the sandbox"));
    }

    static String header(RequestLog.Exchange e, String name) {
        return e.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(java.util.Map.Entry::getValue).findFirst()
                .orElse(null);
    }

    static List<String> eval(FhirContext ctx, byte[] json, String path) {
        IBaseResource r = ctx.newJsonParser().parseResource(new String(json, StandardCharsets.UTF_8));
        List<String> values = new ArrayList<>();
        for (IBase b : ctx.newFhirPath().evaluate(r, path, IBase.class)) {
            values.add(b instanceof IPrimitiveType<?> p ? p.getValueAsString() : b.fhirType());
        }
        return values;
    }

    List<String> eventTypes(String shareId) {
        return jdbc.queryForList("select payload_type from domain_event_entry where aggregate_identifier = ? order by sequence_number", String.class,
                shareId).stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }

    @Test
    void measurementsGoAsABatchOfZibObservationsAndTheProvidersConfirmationIsShown() throws Exception {
        long before = exchanges().last();
        JsonNode share = share("meet", api().post("/api/persons/meet/shares", measurements()), new ArrayList<>());
        assertThat(share.path("status").asString()).as(share.toString()).isEqualTo("SHARED");
        assertThat(share.path("gegevensdienst").asString()).isEqualTo("53");
        assertThat(share.path("gegevensdienstVersion").asString()).isEqualTo("2.0");
        assertThat(share.path("bundleType").asString()).isEqualTo("batch");
        assertThat(share.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(share.path("providerText").asString()).isEqualTo("Ontvangen door de sandbox-zorgaanbieder.");
        assertThat(share.path("assigned")).hasSize(4);
        assertThat(share.path("accepted").asInt()).isEqualTo(4);
        assertThat(share.path("entries").findValuesAsString("resourceType")).containsExactly("Patient", "Observation", "Observation", "Observation");

        RequestLog.Exchange sent = lastPost(before);
        FhirContext stu3 = FhirContext.forDstu3Cached();
        assertThat(sent.url()).isEqualTo("/fhir/stu3");
        assertThat(header(sent, "authorization")).startsWith("Bearer ");
        assertThat(header(sent, "x-correlation-id")).isNotBlank();
        assertThat(eval(stu3, sent.requestBody(), "Bundle.type")).containsExactly("batch");
        assertThat(eval(stu3, sent.requestBody(), "Bundle.entry.resource.meta.profile")).containsExactly(
                "http://fhir.nl/fhir/StructureDefinition/nl-core-patient", "http://nictiz.nl/fhir/StructureDefinition/zib-BloodPressure",
                "http://nictiz.nl/fhir/StructureDefinition/zib-BodyWeight", "http://nictiz.nl/fhir/StructureDefinition/vitalsign-bloodglucose");
        assertThat(eval(stu3, sent.requestBody(),
                "Bundle.entry.resource.where($this is Observation).component.where(code.coding.code='8480-6').value.where(value=121 and code='mm[Hg]').exists()"))
                .containsExactly("true");
        assertThat(eval(stu3, sent.requestBody(), "Bundle.entry.fullUrl.all(startsWith('urn:uuid:'))")).containsExactly("true");
        // read as JSON: HAPI's parser would give every entry the id of its fullUrl
        Api.JSON.readTree(sent.requestBody()).path("entry").forEach(e -> assertThat(e.path("resource").has("id")).as(e.toString()).isFalse());
        // the Bundle sent is the one kept: byte for byte, under its SHA-256
        byte[] kept = jdbc.queryForObject("select content from response_body where sha256 = ?", byte[].class, share.path("bundleSha256").asString());
        assertThat(kept).isEqualTo(sent.requestBody());
        assertThat(eventTypes(share.path("shareId").asString())).containsExactly("ShareRequested", "ShareAuthorizationGranted",
                "ShareTokenGranted", "BundleSending", "DataShared");
        // the provider's answer is kept too, and its entries are the ids it assigned
        assertThat(jdbc.queryForObject("select count(*) from response_body where sha256 = ?", Integer.class,
                share.path("responseSha256").asString())).isEqualTo(1);
        // the share is in the person's provenance: what was sent (by its SHA-256), to whom, when
        JsonNode provenance = Api.JSON.readTree(api().get("/api/persons/meet/provenance").body());
        JsonNode shared = provenance.path("entry").path(0).path("resource");
        assertThat(shared.path("activity").path("text").asString()).startsWith("Delen (MedMij): ");
        assertThat(shared.path("target").path(0).path("identifier").path("value").asString()).isEqualTo(share.path("bundleSha256").asString());
        assertThat(shared.path("agent").findValuesAsString("value")).contains("sandbox@medmij");
        assertThat(shared.path("occurredDateTime").asString()).isNotBlank();
        // and the share is part of the person's history for an auditor
        HttpResponse<String> history = api().get("/api/audit/persons/meet/events");
        assertThat(history.body()).contains("ShareRequested").contains("DataShared");
    }

    @Test
    void aPdfUploadGoesAsATransactionWithThePatientFromTheDossier() throws Exception {
        // the person first collected their BgZ from the sandbox: the Patient of the dossier names them
        JsonNode collection = api().startCollection("docs", "sandbox@medmij", "48");
        browser().authorize(collection.path("authorizationUrl").asString(), "demo");
        api().awaitFinal("docs", collection.path("collectionId").asString());
        for (int i = 0; i < 100 && api().resources("docs", "Patient").isEmpty(); i++) {
            Thread.sleep(50);
        }
        // the dossier can be taken along: per FHIR version a Bundle of what was received, each with its Provenance
        JsonNode index = Api.JSON.readTree(api().get("/api/persons/docs/export").body());
        int received = api().resources("docs", null).size();
        assertThat(index.path("bundles").path(0).path("fhirVersion").asString()).isEqualTo("STU3");
        assertThat(index.path("bundles").path(0).path("resources").asInt()).isEqualTo(received);
        assertThat(index.path("collections").path(0).path("gegevensdienst").asString()).isEqualTo("48");
        assertThat(index.path("collections").path(0).path("gegevensdienstVersion").asString()).isEqualTo("3.0");
        HttpResponse<String> export = api().get("/api/persons/docs/export/STU3");
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        // read strictly: an element STU3 does not have (Bundle.timestamp is R4) fails the parse
        org.hl7.fhir.dstu3.model.Bundle exported = (org.hl7.fhir.dstu3.model.Bundle) FhirContext.forDstu3Cached().newJsonParser()
                .setParserErrorHandler(new ca.uhn.fhir.parser.StrictErrorHandler()).parseResource(export.body());
        for (int i = 0; i + 1 < exported.getEntry().size(); i += 2) {
            var provenance = (org.hl7.fhir.dstu3.model.Provenance) exported.getEntry().get(i + 1).getResource();
            assertThat(provenance.getTargetFirstRep().getReference()).isEqualTo(exported.getEntry().get(i).getFullUrl());
        }
        // nothing of R4 yet: a Bundle without entries, valid JSON (no empty array)
        String emptyR4 = api().get("/api/persons/docs/export/R4").body();
        assertThat(emptyR4).doesNotContain("\"entry\"");
        FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.StrictErrorHandler()).parseResource(emptyR4);
        assertThat(exported.getType()).isEqualTo(org.hl7.fhir.dstu3.model.Bundle.BundleType.COLLECTION);
        assertThat(exported.getEntry()).hasSize(2 * received);
        assertThat(exported.getEntry().stream().filter(e -> e.getResource() instanceof org.hl7.fhir.dstu3.model.Provenance)).hasSize(received);
        assertThat(export.body()).contains("Demo-Herkomst");
        CollectionEndToEndTest.assertProblem(api().get("/api/persons/docs/export/DSTU2"), 400, "INVALID_FHIR_VERSION");

        long before = exchanges().last();
        byte[] pdf = pdf(20_000);
        JsonNode share = share("docs", upload("docs", pdf, "provider", "sandbox@medmij", "title", "Mijn meetdagboek"), new ArrayList<>());
        assertThat(share.path("status").asString()).as(share.toString()).isEqualTo("SHARED");
        assertThat(share.path("gegevensdienst").asString()).isEqualTo("57");
        assertThat(share.path("source").asString()).isEqualTo("upload");
        RequestLog.Exchange sent = lastPost(before);
        FhirContext stu3 = FhirContext.forDstu3Cached();
        assertThat(eval(stu3, sent.requestBody(), "Bundle.type")).containsExactly("transaction");
        assertThat(share.path("entries").findValuesAsString("resourceType")).containsExactly("Patient", "DocumentManifest", "DocumentReference",
                "Binary");
        assertThat(eval(stu3, sent.requestBody(), "Bundle.entry.resource.where($this is Patient).name.family")).containsExactly("Demo-Herkomst");
        // the BSN only masked; the PDF unchanged, with its size and SHA-1 on the attachment
        assertThat(eval(stu3, sent.requestBody(),
                "Bundle.entry.resource.where($this is Patient).identifier.where(system='http://fhir.nl/fhir/NamingSystem/bsn').value.hasValue()"))
                .containsExactly("false");
        org.hl7.fhir.dstu3.model.Bundle bundle = (org.hl7.fhir.dstu3.model.Bundle) stu3.newJsonParser()
                .parseResource(new String(sent.requestBody(), StandardCharsets.UTF_8));
        assertThat(((org.hl7.fhir.dstu3.model.Binary) bundle.getEntry().get(3).getResource()).getContent()).isEqualTo(pdf);
        var attachment = ((org.hl7.fhir.dstu3.model.DocumentReference) bundle.getEntry().get(2).getResource()).getContentFirstRep().getAttachment();
        assertThat(attachment.getSize()).isEqualTo(pdf.length);
        assertThat(attachment.getUrl()).isEqualTo(bundle.getEntry().get(3).getFullUrl());
        assertThat(attachment.getHash()).isEqualTo(java.security.MessageDigest.getInstance("SHA-1").digest(pdf));

        // the same document again, now from the dossier? the dossier holds no PDF of this person: a clear 404
        HttpResponse<String> missing = api().post("/api/persons/docs/shares",
                "{\"kind\":\"document\",\"provider\":\"sandbox@medmij\",\"document\":{\"fromDossier\":\"Binary/unknown\",\"title\":\"x\"}}");
        CollectionEndToEndTest.assertProblem(missing, 404, "RESOURCE_NOT_FOUND");
    }

    @Test
    void aCorrectionRequestGoesAsAnR4TransactionAskingForRepresentationAndItsAnswerIsShown() throws Exception {
        long before = exchanges().last();
        JsonNode share = share("dwv", api().post("/api/persons/dwv/shares", correction()), new ArrayList<>());
        assertThat(share.path("status").asString()).as(share.toString()).isEqualTo("SHARED");
        assertThat(share.path("fhirVersion").asString()).isEqualTo("R4");
        assertThat(share.path("providerText").asString()).startsWith("Je wijzigingsverzoek is ontvangen");
        RequestLog.Exchange sent = lastPost(before);
        assertThat(sent.url()).isEqualTo("/fhir/r4");
        assertThat(header(sent, "prefer")).isEqualTo("return=representation");
        FhirContext r4 = FhirContext.forR4Cached();
        assertThat(eval(r4, sent.requestBody(), "Bundle.entry.resource"))
                .containsExactly("Communication", "Patient", "Organization");
        assertThat(eval(r4, sent.requestBody(), "Bundle.entry.resource.where($this is Communication).payload.content"))
                .containsExactly("Mijn telefoonnummer in het dossier klopt niet.");
        assertThat(eval(r4, sent.requestBody(), "Bundle.entry.resource.where($this is Communication).recipient.display"))
                .containsExactly("sandbox@medmij");
        assertThat(eval(r4, sent.body(), "Bundle.entry.where(resource.is(OperationOutcome)).count()")).containsExactly("1");
    }

    @Test
    void aRefusalByTheProviderIsRecordedAndShownWithTheProvidersText() throws Exception {
        sandboxControl("PUT", "/sandbox/share-refusal?status=403&text=" + java.net.URLEncoder.encode(
                "Wij nemen geen metingen aan van deze PGO.", StandardCharsets.UTF_8));
        try {
            JsonNode share = share("weiger", api().post("/api/persons/weiger/shares", measurements()), new ArrayList<>());
            assertThat(share.path("status").asString()).as(share.toString()).isEqualTo("REFUSED_BY_PROVIDER");
            assertThat(share.path("httpStatus").asInt()).isEqualTo(403);
            assertThat(share.path("stage").asString()).isEqualTo("SEND");
            assertThat(share.path("providerText").asString()).isEqualTo("Wij nemen geen metingen aan van deze PGO.");
            assertThat(share.path("message").asString()).isEqualTo("Wij nemen geen metingen aan van deze PGO.");
            assertThat(eventTypes(share.path("shareId").asString())).endsWith("BundleSending", "ShareFailed");
        } finally {
            sandboxControl("DELETE", "/sandbox/failures");
        }
    }

    @Test
    void aRefusalAtTheAuthorizationServerEndsTheShareUnsent() throws Exception {
        HttpResponse<String> started = api().post("/api/persons/nee/shares", correction());
        JsonNode body = Api.JSON.readTree(started.body());
        String state = SandboxLogin.param(URI.create(body.path("authorizationUrl").asString()), "state");
        long before = exchanges().last();
        HttpResponse<String> callback = api().get("/oauth/callback?state=" + state + "&error=access_denied&error_description=Authorization%20denied.");
        assertThat(callback.body()).contains("Niet gedeeld");
        JsonNode share = awaitFinal("nee", body.path("shareId").asString());
        assertThat(share.path("status").asString()).isEqualTo("AUTHORIZATION_REFUSED");
        assertThat(share.path("message").asString()).contains("DENIED");
        assertThat(exchanges().since(before)).isEmpty();
    }

    @Test
    void aBundleThatFailsValidationIsRecordedNotSentAndThePersonGetsTheReasons() throws Exception {
        // the person collected their documents (51): the provider's letter has a type coding without a code system
        JsonNode collection = api().startCollection("ongeldig", "sandbox@medmij", "51");
        browser().authorize(collection.path("authorizationUrl").asString(), "demo");
        api().awaitFinal("ongeldig", collection.path("collectionId").asString());
        for (int i = 0; i < 100 && api().resources("ongeldig", "Binary").isEmpty(); i++) {
            Thread.sleep(50);
        }
        long before = exchanges().last();
        // sharing that letter on: its Bundle carries the provider's type, and fails the send rules
        HttpResponse<String> r = api().post("/api/persons/ongeldig/shares", "{\"kind\":\"document\",\"provider\":\"sandbox@medmij\","
                + "\"patient\":" + PATIENT + ",\"document\":{\"fromDossier\":\"DocumentReference/herkomst-demo-letter\",\"title\":\"Brief\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode problem = Api.JSON.readTree(r.body());
        assertThat(problem.path("code").asString()).isEqualTo("BUNDLE_INVALID");
        assertThat(problem.path("status").asInt()).isEqualTo(422);
        assertThat(problem.path("shareStatus").asString()).isEqualTo("NOT_SENT_INVALID");
        assertThat(problem.path("problems").toString()).contains("every Coding has a system and a code").doesNotContain("/*");
        String shareId = problem.path("shareId").asString();
        JsonNode share = awaitFinal("ongeldig", shareId);
        assertThat(share.path("status").asString()).isEqualTo("NOT_SENT_INVALID");
        assertThat(share.path("stage").asString()).isEqualTo("VALIDATION");
        assertThat(share.path("source").asString()).isEqualTo("dossier:DocumentReference/herkomst-demo-letter");
        assertThat(share.path("validationReport").path("resourceType").asString()).isEqualTo("OperationOutcome");
        assertThat(eventTypes(shareId)).containsExactly("ShareRequested", "ShareFailed");
        assertThat(jdbc.queryForObject("select count(*) from authorization_state where collection_id = ?", Integer.class, shareId)).isZero();
        assertThat(exchanges().since(before)).isEmpty();
        // with a type the person chose, the same letter goes
        JsonNode fixed = share("ongeldig", api().post("/api/persons/ongeldig/shares", "{\"kind\":\"document\",\"provider\":\"sandbox@medmij\","
                + "\"patient\":" + PATIENT + ",\"document\":{\"fromDossier\":\"DocumentReference/herkomst-demo-letter\",\"title\":\"Brief\","
                + "\"type\":{\"system\":\"http://snomed.info/sct\",\"code\":\"419891008\",\"display\":\"Record artifact\"}}}"), new ArrayList<>());
        assertThat(fixed.path("status").asString()).as(fixed.toString()).isEqualTo("SHARED");
    }

    @Test
    void aShareTheProviderNeverConfirmsExpires() throws Exception {
        HttpResponse<String> started = api().post("/api/persons/vergeten/shares", correction());
        String shareId = Api.JSON.readTree(started.body()).path("shareId").asString();
        // herkomst.medmij.state-ttl is 8 s here, the recovery runs every second
        JsonNode share = awaitFinal("vergeten", shareId);
        assertThat(share.path("status").asString()).isEqualTo("EXPIRED");
        assertThat(share.path("failure").asString()).isEqualTo("AUTHORIZATION_EXPIRED");
        assertThat(share.path("message").asString()).contains("did not confirm");
    }

    @Test
    void badInputIsRefusedWithACodeAndNothingIsRecorded() throws Exception {
        // (the lists' own downloads may record a version meanwhile, when this test runs first: they are not input of this test)
        String count = "select count(*) from domain_event_entry where type is distinct from 'MedMijList'";
        int events = jdbc.queryForObject(count, Integer.class);
        CollectionEndToEndTest.assertProblem(upload("fout", "GIF89a not a pdf".getBytes(StandardCharsets.US_ASCII), "provider", "sandbox@medmij",
                "title", "x", "patient", PATIENT), 400, "NOT_A_PDF");
        CollectionEndToEndTest.assertProblem(upload("fout", pdf(310_000), "provider", "sandbox@medmij", "title", "x", "patient", PATIENT), 400,
                "PDF_TOO_LARGE");
        HttpResponse<String> huge = upload("fout", pdf(500_000), "provider", "sandbox@medmij", "title", "x", "patient", PATIENT);
        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(413);
        CollectionEndToEndTest.assertProblem(upload("fout", pdf(10), "provider", "sandbox@medmij", "patient", PATIENT), 400, "TITLE_REQUIRED");
        CollectionEndToEndTest.assertProblem(upload("fout", pdf(10), "provider", "sandbox@medmij", "title", "x", "typeCode", "419891008",
                "patient", PATIENT), 400, "INVALID_DOCUMENT_TYPE");
        CollectionEndToEndTest.assertProblem(upload("fout", pdf(10), "provider", "sandbox@medmij", "title", "x", "patient", "not json"), 400,
                "INVALID_PATIENT");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", measurements().replace("\"measurements\":[", "\"measurements\":[null,")),
                400, "INVALID_MEASUREMENT");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", measurements().replace("}]}", "}],\"correction\":{\"text\":\"x\"}}")),
                400, "INVALID_REQUEST");
        HttpResponse<String> noBoundary = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backendPort
                + "/api/persons/fout/shares")).header("Content-Type", "multipart/form-data").header("Authorization", "Bearer " + api().token("fout", "PERSON"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        CollectionEndToEndTest.assertProblem(noBoundary, 400, "INVALID_MULTIPART");
        // as strict as JSON: a part twice, or a part the endpoint does not take
        CollectionEndToEndTest.assertProblem(upload("fout", pdf(10), "provider", "sandbox@medmij", "title", "x", "title", "y", "patient", PATIENT),
                400, "INVALID_MULTIPART");
        CollectionEndToEndTest.assertProblem(upload("fout", pdf(10), "provider", "sandbox@medmij", "title", "x", "foo", "bar", "patient", PATIENT),
                400, "INVALID_MULTIPART");
        // a text part sent as a file
        HttpResponse<String> titleAsFile = upload("fout", pdf(10), "provider", "sandbox@medmij", "title\"; filename=\"t.txt", "x", "patient", PATIENT);
        CollectionEndToEndTest.assertProblem(titleAsFile, 400, "INVALID_MULTIPART");
        assertThat(titleAsFile.body()).doesNotContain("springframework");
        HttpResponse<String> bigJson = api().post("/api/persons/fout/shares", measurements().replace("{\"kind\"", " ".repeat(70_000) + "{\"kind\""));
        assertThat(bigJson.statusCode()).as("a JSON share is limited like every JSON body").isEqualTo(413);
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", measurements().replace("\"systolic\":121", "\"systolic\":1210")),
                400, "VALUE_OUT_OF_RANGE");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", measurements().replace("\"type\":\"body-weight\"", "\"type\":\"mood\"")),
                400, "UNKNOWN_MEASUREMENT_TYPE");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares",
                measurements().replaceFirst("\"at\":\"[^\"]+\"", "\"at\":\"" + OffsetDateTime.now().plusDays(2).withNano(0) + "\"")), 400, "INVALID_MOMENT");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares",
                measurements().replaceFirst("\"at\":\"[^\"]+\"", "\"at\":\"2026-12-01T08:10:00+18:00\"")), 400, "INVALID_MOMENT");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", measurements().replaceFirst("\"at\":\"[^\"]+\"", "\"at\":\"gisteren\"")),
                400, "INVALID_MOMENT");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", correction().replace("Mijn telefoonnummer in het dossier klopt niet.", " ")),
                400, "TEXT_REQUIRED");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", correction().replace("1984-05-17", "1984-02-30")), 400,
                "INVALID_BIRTH_DATE");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", "{\"kind\":\"selfie\",\"provider\":\"sandbox@medmij\"}"), 400,
                "UNKNOWN_SHARE_KIND");
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", measurements().replace("sandbox@medmij", "nobody@medmij")), 400,
                "UNKNOWN_PROVIDER");
        // no patient given and none in the dossier
        CollectionEndToEndTest.assertProblem(api().post("/api/persons/fout/shares", measurements().replace("\"patient\":" + PATIENT + ",", "")), 400,
                "PATIENT_REQUIRED");
        CollectionEndToEndTest.assertProblem(api().get("/api/persons/fout/shares/not-a-uuid"), 404, "SHARE_NOT_FOUND");
        CollectionEndToEndTest.assertProblem(api().get("/api/persons/fout/shares/" + UUID.randomUUID()), 404, "SHARE_NOT_FOUND");
        assertThat(jdbc.queryForObject(count, Integer.class)).isEqualTo(events);
    }

    String shareRows() {
        return jdbc.queryForObject("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t.share_id)), '') from share_status t",
                String.class);
    }

    @Test
    void aReplayRebuildsTheSharesReadModelAndSendsNothingAgain() throws Exception {
        share("replay", api().post("/api/persons/replay/shares", measurements()), new ArrayList<>());
        String before = shareRows();
        long sandboxSaw = exchanges().last();
        HttpResponse<String> r = api().post("/api/admin/replay?group=shares", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (int i = 0; i < 300 && !(shareRows().equals(before) && !api().get("/api/admin/processors").body().contains("\"replaying\":true")); i++) {
            Thread.sleep(100);
        }
        assertThat(shareRows()).isEqualTo(before);
        assertThat(exchanges().last()).as("requests the sandbox saw during the replay").isEqualTo(sandboxSaw);
        HttpResponse<String> refused = api().post("/api/admin/replay?group=share-process", "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("NOT_REPLAYABLE");
    }

    @Test
    void noTokenCodeOrBsnReachesAnEventAReadModelOrALogLine(CapturedOutput output) throws Exception {
        List<SandboxLogin.Callback> callbacks = new ArrayList<>();
        long before = exchanges().last();
        share("scan", api().post("/api/persons/scan/shares", measurements()), callbacks);
        share("scan", api().post("/api/persons/scan/shares", correction()), callbacks);
        share("scan", upload("scan", pdf(1000), "provider", "sandbox@medmij", "title", "Scan", "patient", PATIENT), callbacks);
        List<String> secrets = new ArrayList<>();
        for (RequestLog.Exchange e : exchanges().since(before)) {
            String auth = header(e, "authorization");
            if (auth != null) {
                secrets.add(auth.substring("Bearer ".length()));
            }
        }
        callbacks.forEach(c -> secrets.add(c.code()));
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(6).doesNotContainNull();

        StringBuilder everything = new StringBuilder(output.getAll());
        jdbc.query("select convert_from(payload, 'UTF8'), convert_from(meta_data, 'UTF8') from domain_event_entry", rs -> {
            everything.append(rs.getString(1)).append(rs.getString(2));
        });
        for (String table : List.of("share_status", "collection_status", "collection_query", "dossier_source", "dossier_response",
                "dossier_resource", "support_collection", "support_step", "authorization_state", "vault_secret")) {
            jdbc.query("select * from " + table, rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    everything.append(rs.getString(i)).append('\n');
                }
            });
        }
        String text = everything.toString();
        for (String secret : secrets) {
            assertThat(text).as("a token or code").doesNotContain(secret);
        }
        // no BSN: no nine digits that pass the elfproef, outside hashes, ids and fractions of seconds
        Matcher nine = Pattern.compile("(?<![0-9a-fA-F.])[0-9]{9}(?![0-9a-fA-F])").matcher(text);
        while (nine.find()) {
            assertThat(elfproef(nine.group())).as("a BSN-like number: " + nine.group()).isFalse();
        }
    }

    static boolean elfproef(String nine) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (nine.charAt(i) - '0');
        }
        sum -= nine.charAt(8) - '0';
        return sum % 11 == 0 && !nine.startsWith("0");
    }
}
