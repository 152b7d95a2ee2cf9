package nl.herkomst.app.qualification;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.command.collection.GegevensdienstCatalog;
import nl.herkomst.command.fhir.FhirFetcher;
import nl.herkomst.sandbox.SandboxUsers;
import nl.herkomst.sandbox.fhir.FixtureStore;
import nl.herkomst.sandbox.fhir.RequestLog;
import nl.herkomst.sandbox.qualification.TestScriptReader;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays Nictiz PHR-Client TestScripts against this product, as the Nictiz platform would during
 * qualification: for each script it logs in at the sandbox as the script's test patient, runs the
 * matching collection through the product's own API (or, for a request outside the gegevensdienst's query
 * set, issues that single request with the product's FHIR client), finds the exchange the sandbox
 * recorded, and evaluates the script's asserts on it: request header and URL asserts, response code,
 * resource type, and the FHIRPath expressions (HAPI's engine) on the response. {@code warningOnly} and
 * {@code stopTestOnFail} are honoured. Scripts of gegevensdiensten or versions this deployment is not
 * qualified for are reported as such.
 */
public final class QualificationDryRun {

    public enum Verdict { PASSED, FAILED, NOT_QUALIFIED_HERE }

    public record ScriptResult(String folder, String script, String gegevensdienst, Verdict verdict, int asserts, int passed,
                               int warnings, List<String> failures, String request) {
    }

    public record Report(Instant at, int scripts, int passed, int failed, int notQualifiedHere, int asserts, int assertsPassed,
                         long millis, List<ScriptResult> results) {
        /** Every script passed (a script not qualified here does not pass). */
        public boolean success() {
            return failed == 0 && notQualifiedHere == 0;
        }
    }

    /** Which scripts qualify which gegevensdienst@version: the first rule whose regex is found in the script's path. */
    public record Rule(java.util.regex.Pattern match, String qualifies) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final String backend;
    private final String sandboxBase;
    private final SandboxLogin browser;
    private final RequestLog exchanges;
    private final SandboxUsers users;
    private final GegevensdienstCatalog catalog;
    private final FhirFetcher fetcher;
    private final LocalDate testDate;
    private final HttpClient http = HttpClient.newHttpClient();
    private final nl.herkomst.command.share.ShareCatalog shares;
    private final nl.herkomst.command.share.BundleValidation validation;
    private final Map<String, Long> collections = new HashMap<>();

    public QualificationDryRun(String backend, String sandboxBase, SandboxLogin browser, RequestLog exchanges, SandboxUsers users,
                               GegevensdienstCatalog catalog, FhirFetcher fetcher, LocalDate testDate,
                               nl.herkomst.command.share.ShareCatalog shares, nl.herkomst.command.share.BundleValidation validation) {
        this.shares = shares;
        this.validation = validation;
        this.backend = backend;
        this.sandboxBase = sandboxBase;
        this.browser = browser;
        this.exchanges = exchanges;
        this.users = users;
        this.catalog = catalog;
        this.fetcher = fetcher;
        this.testDate = testDate;
    }

    /** Every TestScript below the folder (XML or JSON, STU3 and R4), classified by the rules. */
    public Report run(Path testscripts, List<Rule> rules) throws Exception {
        long start = System.nanoTime();
        List<ScriptResult> results = new ArrayList<>();
        for (Path file : TestScriptReader.findAll(testscripts)) {
            String path = file.toString().replace('\\', '/');
            String qualifies = rules.stream().filter(r -> r.match().matcher(path).find()).map(Rule::qualifies).findFirst().orElse(null);
            List<TestScriptReader.Expectation> tests;
            try {
                tests = TestScriptReader.read(file);
            } catch (java.io.IOException e) {
                results.add(new ScriptResult(testscripts.relativize(file).toString(), file.getFileName().toString(), qualifies,
                        Verdict.FAILED, 0, 0, 0, List.of("unreadable TestScript: " + e.getMessage()), null));
                continue;
            }
            for (TestScriptReader.Expectation script : tests) {
                results.add(run(testscripts.relativize(file).toString(), qualifies, script));
            }
        }
        int passed = (int) results.stream().filter(r -> r.verdict() == Verdict.PASSED).count();
        int failed = (int) results.stream().filter(r -> r.verdict() == Verdict.FAILED).count();
        return new Report(Instant.now(), results.size(), passed, failed, results.size() - passed - failed,
                results.stream().mapToInt(ScriptResult::asserts).sum(), results.stream().mapToInt(ScriptResult::passed).sum(),
                (System.nanoTime() - start) / 1_000_000, results);
    }

    private ScriptResult run(String name, String qualifies, TestScriptReader.Expectation script) throws Exception {
        if (qualifies == null || !catalog.qualified().contains(qualifies)) {
            return new ScriptResult(name, script.script(), qualifies, Verdict.NOT_QUALIFIED_HERE, 0, 0, 0,
                    List.of("no gegevensdienst version configured and qualified for these scripts"), null);
        }
        if (script.resource() == null && script.sourceFixture() != null) {
            return share(name, qualifies, script);
        }
        if (script.resource() == null) {
            return new ScriptResult(name, script.script(), qualifies, Verdict.FAILED, script.asserts().size(), 0, 0,
                    List.of("the script names neither a resource to read nor a Bundle to send"), null);
        }
        String gegevensdienst = qualifies.substring(0, qualifies.indexOf('@'));
        GegevensdienstCatalog.Gegevensdienst service = catalog.find(gegevensdienst).orElseThrow();
        String token = script.authorization() == null ? "" : script.authorization().replaceFirst("^Bearer\\s+", "");
        Optional<String> patient = users.patientOfQualificationToken(token);
        if (patient.isEmpty()) {
            return new ScriptResult(name, script.script(), qualifies, Verdict.FAILED, 0, 0, 0,
                    List.of("the script's token belongs to no patient in the sandbox fixtures"), null);
        }
        String expected = "/" + FixtureStore.fillPlaceholders(script.query(), testDate, script.script()).replace(" ", "");
        long since = collect(gegevensdienst, patient.get());
        Optional<RequestLog.Exchange> exchange = find(since, expected);
        if (exchange.isEmpty()) {
            // not part of the gegevensdienst's query set: the single request the script describes, sent by the product's FHIR client
            long before = exchanges.last();
            fetcher.run(single(service, gegevensdienst), script.query(), token, command -> { });
            exchange = find(before, expected);
        }
        if (exchange.isEmpty()) {
            return new ScriptResult(name, script.script(), qualifies, Verdict.FAILED, script.asserts().size(), 0, 0,
                    List.of("the product sent no request " + expected), null);
        }
        return evaluate(name, qualifies, script, exchange.get(), service.fhirVersion());
    }

    /**
     * A send (Delen) script: the scenario input is read from the Bundle the script names, entered through the
     * product's API as the person would, the person confirms at the sandbox, and the asserts are evaluated on
     * the Bundle the sandbox received (direction request) and on its answer.
     */
    private ScriptResult share(String name, String qualifies, TestScriptReader.Expectation script) throws Exception {
        String gegevensdienst = qualifies.substring(0, qualifies.indexOf('@'));
        Optional<nl.herkomst.api.share.ShareKind> kind = shares.shares().entrySet().stream()
                .filter(e -> e.getValue().gegevensdienst().equals(gegevensdienst)).map(e -> nl.herkomst.api.share.ShareKind.of(e.getKey()))
                .findFirst();
        if (kind.isEmpty()) {
            return new ScriptResult(name, script.script(), qualifies, Verdict.FAILED, script.asserts().size(), 0, 0,
                    List.of("no kind of share is configured for gegevensdienst " + gegevensdienst), null);
        }
        String fhirVersion = shares.find(kind.get()).orElseThrow().fhirVersion();
        FhirContext ctx = "R4".equals(fhirVersion) ? FhirContext.forR4Cached() : FhirContext.forDstu3Cached();
        String token = script.authorization() == null ? "" : script.authorization().replaceFirst("^Bearer\\s+", "");
        Optional<String> patient = users.patientOfQualificationToken(token);
        if (patient.isEmpty()) {
            return new ScriptResult(name, script.script(), qualifies, Verdict.FAILED, 0, 0, 0,
                    List.of("the script's token belongs to no patient in the sandbox"), null);
        }
        Path fixture = script.sourceFixture();
        if (!Files.isReadable(fixture)) {
            // the generated scripts name the XML form of some Bundles the repository holds only as JSON
            String f = fixture.toString();
            fixture = Path.of(f.endsWith(".xml") ? f.replaceFirst("\\.xml$", ".json") : f.replaceFirst("\\.json$", ".xml"));
        }
        if (!Files.isReadable(fixture)) {
            return new ScriptResult(name, script.script(), qualifies, Verdict.FAILED, script.asserts().size(), 0, 0,
                    List.of("the script's Bundle fixture is missing: " + script.sourceFixture().getFileName()), null);
        }
        String text = FixtureStore.fillPlaceholders(Files.readString(fixture), testDate, script.script());
        IBaseResource scenario = fixture.toString().endsWith(".json") ? ctx.newJsonParser().parseResource(text)
                : ctx.newXmlParser().parseResource(text);
        ShareScenarios.Request input = ShareScenarios.of(kind.get(), ctx, scenario, "sandbox@medmij");
        String person = "dry-run-" + UUID.nameUUIDFromBytes(script.script().getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        long before = exchanges.last();
        HttpResponse<String> started = input.json() != null ? post("/api/persons/" + person + "/shares", input.json())
                : upload("/api/persons/" + person + "/shares", input);
        if (started.statusCode() != 201) {
            return new ScriptResult(name, script.script(), qualifies, Verdict.FAILED, script.asserts().size(), 0, 0,
                    List.of("the product did not start the share: HTTP " + started.statusCode() + " " + started.body()), null);
        }
        JsonNode body = JSON.readTree(started.body());
        browser.authorize(body.path("authorizationUrl").asString(), patient.get());
        JsonNode share = null;
        for (int i = 0; i < 600; i++) {
            share = JSON.readTree(get("/api/persons/" + person + "/shares/" + body.path("shareId").asString()).body());
            if (share.path("isFinal").asBoolean(false)) {
                break;
            }
            Thread.sleep(100);
        }
        Optional<RequestLog.Exchange> sent = exchanges.since(before).stream()
                .filter(e -> "POST".equals(e.method()) && e.url().matches("/fhir/(stu3|r4)/?")).findFirst();
        if (sent.isEmpty()) {
            return new ScriptResult(name, script.script(), qualifies, Verdict.FAILED, script.asserts().size(), 0, 0,
                    List.of("the product sent no Bundle; the share ended " + (share == null ? "?" : share.path("status").asString())
                            + ": " + (share == null ? "" : share.path("message").asString())), null);
        }
        return evaluate(name, qualifies, script, sent.get(), fhirVersion);
    }

    private HttpResponse<String> upload(String path, ShareScenarios.Request input) throws Exception {
        String boundary = "dry-run-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.function.BiConsumer<String, String> field = (n, v) -> {
            if (v != null) {
                out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + n + "\"\r\n\r\n" + v + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        };
        field.accept("provider", "sandbox@medmij");
        field.accept("title", input.title());
        field.accept("typeSystem", input.typeSystem());
        field.accept("typeCode", input.typeCode());
        field.accept("typeDisplay", input.typeDisplay());
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"patient\"\r\nContent-Type: application/json\r\n\r\n"
                + JSON.writeValueAsString(input.patient()) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"document.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(input.pdf());
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(backend + path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + apiToken(path))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs (once per gegevensdienst and patient) a collection through the API; returns the log position before it. */
    private long collect(String gegevensdienst, String patient) throws Exception {
        String key = gegevensdienst + "|" + patient;
        Long known = collections.get(key);
        if (known != null) {
            return known;
        }
        long before = exchanges.last();
        String person = "dry-run-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        HttpResponse<String> started = post("/api/persons/" + person + "/collections",
                "{\"provider\":\"sandbox@medmij\",\"gegevensdienst\":\"" + gegevensdienst + "\"}");
        if (started.statusCode() != 201) {
            throw new IllegalStateException("the collection did not start: " + started.body());
        }
        JsonNode body = JSON.readTree(started.body());
        browser.authorize(body.path("authorizationUrl").asString(), patient);
        boolean ended = false;
        for (int i = 0; i < 600 && !ended; i++) {
            Thread.sleep(100);
            ended = JSON.readTree(get("/api/persons/" + person + "/collections/" + body.path("collectionId").asString()).body())
                    .path("final").asBoolean(false);
        }
        collections.put(key, before);
        return before;
    }

    private Optional<RequestLog.Exchange> find(long since, String expectedPathAndQuery) {
        String[] expected = split(expectedPathAndQuery);
        for (RequestLog.Exchange e : exchanges.since(since)) {
            String url = e.url().replaceFirst("^/fhir/(stu3|r4)", "");
            String[] actual = split(url);
            if ("GET".equals(e.method()) && actual[0].equals(expected[0]) && actual[1].equals(expected[1])) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** path, sorted query parameters */
    private static String[] split(String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String[] params = q < 0 ? new String[0] : url.substring(q + 1).split("&");
        Arrays.sort(params);
        return new String[] {path.replaceAll("/+$", ""), String.join("&", params)};
    }

    private CollectionRequested single(GegevensdienstCatalog.Gegevensdienst service, String gegevensdienst) {
        return new CollectionRequested(CollectionId.random(), new PersonId("dry-run"), "sandbox@medmij", "sandbox@medmij", gegevensdienst,
                service.name(), service.version(), service.systeemrol(), service.fhirVersion(), sandboxBase + "/oauth2/authorize",
                sandboxBase + "/oauth2/token", sandboxBase + ("R4".equals(service.fhirVersion()) ? "/fhir/r4" : "/fhir/stu3"), "dry-run", "dry-run", "dry-run", "dry-run",
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), List.of("dry-run"), null,
                testDate.atTime(12, 0).atZone(java.time.ZoneId.of("Europe/Amsterdam")).toInstant(), null);
    }

    private ScriptResult evaluate(String name, String qualifies, TestScriptReader.Expectation script, RequestLog.Exchange e,
                                  String fhirVersion) {
        FhirContext ctx = "R4".equals(fhirVersion) ? FhirContext.forR4Cached() : FhirContext.forDstu3Cached();
        IBaseResource response = parse(ctx, e.body());
        IBaseResource request = parse(nl.herkomst.sandbox.fhir.ReceivedShares.literal(ctx), e.requestBody());
        int passed = 0;
        int warnings = 0;
        List<String> failures = new ArrayList<>();
        for (TestScriptReader.Assert a : script.asserts()) {
            String problem = check(a, e, "request".equals(a.direction()) && request != null ? request : response, ctx);
            if (problem == null) {
                passed++;
                continue;
            }
            String what = (a.description() == null ? "assert" : a.description()) + ": " + problem;
            if (a.warningOnly()) {
                warnings++;
                passed++;
                continue;
            }
            failures.add(what);
            if (a.stopTestOnFail()) {
                break;
            }
        }
        return new ScriptResult(name, script.script(), qualifies, failures.isEmpty() ? Verdict.PASSED : Verdict.FAILED,
                script.asserts().size(), passed, warnings, failures, e.method() + " " + e.url());
    }

    private static IBaseResource parse(FhirContext ctx, byte[] body) {
        try {
            return body == null || body.length == 0 ? null : ctx.newJsonParser().parseResource(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException ignored) {
            return null; // asserts on it then fail
        }
    }

    /** Null when the assert holds, else why not. */
    private String check(TestScriptReader.Assert a, RequestLog.Exchange e, IBaseResource response, FhirContext ctx) {
        String operator = a.operator() == null ? "equals" : a.operator();
        if (a.headerField() != null) {
            String actual = e.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(a.headerField()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            return switch (operator) {
                case "equals" -> Objects.equals(actual, a.value()) ? null : "header " + a.headerField() + " is " + (actual == null ? "absent" : "different");
                case "notEmpty" -> actual != null && !actual.isEmpty() ? null : "header " + a.headerField() + " is empty";
                default -> "unsupported operator " + operator + " on a header";
            };
        }
        if (a.requestUrl() != null) {
            return switch (operator) {
                case "notContains" -> e.url().contains(a.requestUrl()) ? "the request URL contains " + a.requestUrl() : null;
                case "contains" -> e.url().contains(a.requestUrl()) ? null : "the request URL lacks " + a.requestUrl();
                default -> "unsupported operator " + operator + " on the request URL";
            };
        }
        if (a.responseCode() != null) {
            List<String> codes = Arrays.asList(a.responseCode().split(","));
            boolean in = codes.contains(String.valueOf(e.status()));
            return switch (operator) {
                case "in", "equals" -> in ? null : "HTTP " + e.status() + " not in " + a.responseCode();
                case "notIn" -> in ? "HTTP " + e.status() + " in " + a.responseCode() : null;
                default -> "unsupported operator " + operator + " on the response code";
            };
        }
        if (a.validateProfileId() != null) {
            if (response == null) {
                return "nothing to validate";
            }
            var report = validation.validate(ctx, response);
            return report.valid() ? null : "not valid: " + report.errors().get(0).location() + ": " + report.errors().get(0).message();
        }
        if (a.expression() != null) {
            if (response == null) {
                return "the " + ("request".equals(a.direction()) ? "request" : "response") + " is not FHIR";
            }
            try {
                List<IBase> result = ctx.newFhirPath().evaluate(response, a.expression(), IBase.class);
                boolean ok = result.size() == 1 && result.get(0) instanceof IPrimitiveType<?> p && Boolean.TRUE.equals(p.getValue());
                return ok ? null : "the expression does not hold on the response";
            } catch (RuntimeException ex) {
                return "the expression could not be evaluated: " + ex.getClass().getSimpleName();
            }
        }
        if (a.resource() != null && "response".equals(a.direction())) {
            String actual = response == null ? null : ctx.getResourceType(response);
            return a.resource().equals(actual) ? null : "the response is " + actual + ", not " + a.resource();
        }
        return "unsupported assert";
    }

    private final Map<String, String> apiTokens = new HashMap<>();

    /** The person's API token, from the sandbox's demo issuer (the dry run acts as the person's front end). */
    private String apiToken(String path) throws Exception {
        String person = path.replaceFirst("^/api/persons/([^/]+).*$", "$1");
        String cached = apiTokens.get(person);
        if (cached != null) {
            return cached;
        }
        URI issuer = URI.create(sandboxBase.replaceFirst("://[^:/]+", "://localhost") + "/demo/api-token");
        HttpResponse<String> r = HttpClient.newBuilder().sslContext(browser.sslContext()).build().send(HttpRequest.newBuilder(issuer)
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("subject=" + person + "&role=PERSON")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no API token for the dry run's person: HTTP " + r.statusCode());
        }
        String token = JSON.readTree(r.body()).path("access_token").asString();
        apiTokens.put(person, token);
        return token;
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(backend + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + apiToken(path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(backend + path)).header("Authorization", "Bearer " + apiToken(path))
                        .timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Writes the report as JSON, and as a readable table beside it ({@code .txt}); returns the table. */
    public static String write(Report report, Path json) throws Exception {
        Path dir = json.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.writeString(json, JSON.writeValueAsString(report));
        StringBuilder table = new StringBuilder();
        table.append(String.format("%-10s %-72s %-8s %s%n", "verdict", "script", "asserts", "failure"));
        Map<String, Integer> byVerdict = new LinkedHashMap<>();
        for (ScriptResult r : report.results()) {
            byVerdict.merge(r.verdict().name(), 1, Integer::sum);
            table.append(String.format("%-10s %-90s %3d/%-4d %s%n", r.verdict() == Verdict.NOT_QUALIFIED_HERE ? "NOT-QUAL" : r.verdict(),
                    r.folder(), r.passed(), r.asserts(), r.failures().isEmpty() ? "" : r.failures().get(0)));
        }
        table.append(String.format("%n%d scripts: %d passed, %d failed, %d not qualified here; %d of %d asserts passed; %d ms%n",
                report.scripts(), report.passed(), report.failed(), report.notQualifiedHere(), report.assertsPassed(), report.asserts(),
                report.millis()));
        Files.writeString(dir.resolve(json.getFileName().toString().replaceFirst("\\.json$", "") + ".txt"), table.toString());
        return table.toString();
    }
}
