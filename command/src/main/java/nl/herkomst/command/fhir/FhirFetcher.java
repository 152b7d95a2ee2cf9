package nl.herkomst.command.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.util.BundleUtil;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.bundle.SearchBundleEntryParts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import nl.herkomst.api.FetchFailure;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.RecordFetchFailure;
import nl.herkomst.api.command.RecordPage;
import nl.herkomst.api.command.RecordQueryCompleted;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.command.collection.Collection;
import nl.herkomst.command.http.ProviderHttp;
import nl.herkomst.command.store.ResponseStore;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one query of a gegevensdienst against the provider's resource endpoint: every page, kept verbatim,
 * parsed with the context of the gegevensdienst's FHIR version, reported as commands. Never adds a
 * patient or subject parameter; the token alone says whose data it is.
 */
public class FhirFetcher {

    private static final Logger log = LoggerFactory.getLogger(FhirFetcher.class);

    /** Where the fetcher reports what happened (the command gateway in production). */
    public interface Sink {
        void send(Object command);
    }

    private final ProviderHttp http;
    private final ResponseStore store;
    private final Clock clock;
    private final long maxResponseBytes;
    private final int maxPages;
    private final Function<String, List<String>> followPaths;

    /**
     * @param followPaths per gegevensdienst id, the FHIR paths whose references are read after a query's pages
     */
    public FhirFetcher(ProviderHttp http, ResponseStore store, Clock clock, long maxResponseBytes, int maxPages,
                       Function<String, List<String>> followPaths) {
        this.http = http;
        this.store = store;
        this.clock = clock;
        this.maxResponseBytes = maxResponseBytes;
        this.maxPages = maxPages;
        this.followPaths = followPaths;
    }

    public void run(CollectionRequested collection, String query, String accessToken, Sink sink) {
        FhirContext ctx = FhirContexts.of(collection.fhirVersion());
        String base = collection.resourceEndpoint().endsWith("/") ? collection.resourceEndpoint() : collection.resourceEndpoint() + "/";
        URI baseUri = URI.create(base);
        URI url = URI.create(base + QueryEncoding.encode(QueryTemplates.fill(query, collection.requestedAt())));
        Set<String> visited = new HashSet<>();
        List<OperationOutcomeIssue> diagnostics = new ArrayList<>();
        List<String> follow = followPaths.apply(collection.gegevensdienst());
        List<String> toRead = new ArrayList<>();
        int page = 1;
        while (true) {
            visited.add(url.toString());
            String requestId = UUID.randomUUID().toString();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer " + accessToken);
            headers.put("MedMij-Request-ID", requestId);
            headers.put("X-Correlation-ID", collection.correlationId());
            ProviderHttp.Response response;
            try {
                response = http.get(url, "application/fhir+json, application/fhir+xml;q=0.9", maxResponseBytes, headers);
            } catch (ProviderHttp.TransportException e) {
                sink.send(failure(collection, query, page, url, null, null, e.kind(), e.getMessage(), List.of(), null, 0, requestId));
                return;
            }
            String sha = response.body().length == 0 ? null : store.put(response.body(), response.contentType());
            Parsed parsed = parse(ctx, response);
            if (response.status() < 200 || response.status() > 299) {
                List<OperationOutcomeIssue> issues = parsed.resource() != null && "OperationOutcome".equals(ctx.getResourceType(parsed.resource()))
                        ? issues(ctx, parsed.resource()) : List.of();
                sink.send(failure(collection, query, page, url, response.status(), response.contentType(), FetchFailure.HTTP_ERROR,
                        "HTTP " + response.status(), issues, sha, response.body().length, requestId));
                return;
            }
            if (parsed.resource() == null) {
                sink.send(failure(collection, query, page, url, response.status(), response.contentType(), FetchFailure.UNPARSABLE,
                        parsed.error(), List.of(), sha, response.body().length, requestId));
                return;
            }
            if (!(parsed.resource() instanceof IBaseBundle bundle) || !"searchset".equals(BundleUtil.getBundleType(ctx, bundle))) {
                String type = ctx.getResourceType(parsed.resource());
                List<OperationOutcomeIssue> issues = "OperationOutcome".equals(type) ? issues(ctx, parsed.resource()) : List.of();
                sink.send(failure(collection, query, page, url, response.status(), response.contentType(), FetchFailure.NOT_A_BUNDLE,
                        "expected a searchset Bundle, got " + type
                                + (parsed.resource() instanceof IBaseBundle b ? " of type " + BundleUtil.getBundleType(ctx, b) : ""),
                        issues, sha, response.body().length, requestId));
                return;
            }
            List<RecordPage.PageEntry> entries = new ArrayList<>();
            List<SearchBundleEntryParts> parts = BundleUtil.getSearchBundleEntryParts(ctx, bundle);
            for (int i = 0; i < parts.size(); i++) {
                IBaseResource r = parts.get(i).getResource();
                if (r == null) {
                    continue;
                }
                String type = ctx.getResourceType(r);
                String mode = parts.get(i).getSearchMode() == null ? null : parts.get(i).getSearchMode().getCode();
                if ("OperationOutcome".equals(type) || "outcome".equals(mode)) {
                    diagnostics.addAll(issues(ctx, r));
                    continue;
                }
                entries.add(new RecordPage.PageEntry(i, type, r.getIdElement().getIdPart(), r.getMeta().getVersionId(), profiles(r), mode));
                for (String path : follow) {
                    if (path.startsWith(type + ".")) {
                        for (IPrimitiveType<?> v : ctx.newTerser().getValues(r, path, IPrimitiveType.class)) {
                            if (v.getValueAsString() != null && !toRead.contains(v.getValueAsString())) {
                                toRead.add(v.getValueAsString());
                            }
                        }
                    }
                }
            }
            record(sink, new RecordPage(collection.collectionId(), query, page, url.toString(), response.status(),
                    response.contentType(), sha, response.body().length, requestId, entries, clock.instant()));

            String next = BundleUtil.getLinkUrlOfType(ctx, bundle, "next");
            if (next == null || next.isBlank()) {
                break;
            }
            URI nextUri;
            try {
                nextUri = baseUri.resolve(next);
            } catch (IllegalArgumentException e) {
                sink.send(failure(collection, query, page + 1, url, null, null, FetchFailure.PAGING, "next link is not a URL", List.of(), null, 0, null));
                return;
            }
            String refusal = null;
            if (!"https".equalsIgnoreCase(nextUri.getScheme()) || !Objects.equals(nextUri.getHost(), baseUri.getHost())
                    || nextUri.getPort() != baseUri.getPort()) {
                refusal = "next link leaves the resource endpoint's host: " + nextUri.getScheme() + "://" + nextUri.getHost();
            } else if (visited.contains(nextUri.toString())) {
                refusal = "next link loops back to a page already fetched";
            } else if (page >= maxPages) {
                refusal = "more than " + maxPages + " pages";
            }
            if (refusal != null) {
                sink.send(failure(collection, query, page + 1, nextUri, null, null, FetchFailure.PAGING, refusal, List.of(), null, 0, null));
                return;
            }
            url = nextUri;
            page++;
        }
        for (String reference : toRead) {
            page++;
            if (!read(ctx, collection, query, page, baseUri, reference, accessToken, diagnostics, sink)) {
                return;
            }
        }
        sink.send(new RecordQueryCompleted(collection.collectionId(), query, diagnostics, clock.instant()));
    }

    /**
     * Reads what a received resource refers to (a document's Binary) as one more page of the query. 404/410
     * is an outcome (the item is no longer there), recorded as a diagnostic; other failures end the query
     * as incomplete. Returns false when the query must stop.
     */
    private boolean read(FhirContext ctx, CollectionRequested collection, String query, int page, URI baseUri, String reference,
                         String accessToken, List<OperationOutcomeIssue> diagnostics, Sink sink) {
        URI url;
        try {
            url = baseUri.resolve(reference);
        } catch (IllegalArgumentException e) {
            diagnostics.add(new OperationOutcomeIssue("warning", "invalid", "not a readable reference: " + reference));
            return true;
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) || !Objects.equals(url.getHost(), baseUri.getHost()) || url.getPort() != baseUri.getPort()) {
            diagnostics.add(new OperationOutcomeIssue("information", "not-supported", "not read: " + url.getHost() + " is not the resource endpoint's host"));
            return true;
        }
        String requestId = UUID.randomUUID().toString();
        ProviderHttp.Response response;
        try {
            response = http.get(url, "application/fhir+json, application/fhir+xml;q=0.9", maxResponseBytes, Map.of(
                    "Authorization", "Bearer " + accessToken, "MedMij-Request-ID", requestId, "X-Correlation-ID", collection.correlationId()));
        } catch (ProviderHttp.TransportException e) {
            sink.send(failure(collection, query, page, url, null, null, e.kind(), e.getMessage(), List.of(), null, 0, requestId));
            return false;
        }
        if (response.status() == 404 || response.status() == 410) {
            // a diagnostic of the query, not an answer: its bytes are not kept (no event would name them)
            diagnostics.add(new OperationOutcomeIssue("information", "not-found", url.getPath() + " is no longer available (HTTP " + response.status() + ")"));
            return true;
        }
        String sha = response.body().length == 0 ? null : store.put(response.body(), response.contentType());
        Parsed parsed = parse(ctx, response);
        if (response.status() < 200 || response.status() > 299 || parsed.resource() == null) {
            sink.send(failure(collection, query, page, url, response.status(), response.contentType(),
                    parsed.resource() == null && response.status() < 300 ? FetchFailure.UNPARSABLE : FetchFailure.HTTP_ERROR,
                    parsed.resource() == null ? parsed.error() : "HTTP " + response.status(), List.of(), sha, response.body().length, requestId));
            return false;
        }
        IBaseResource r = parsed.resource();
        record(sink, new RecordPage(collection.collectionId(), query, page, url.toString(), response.status(), response.contentType(), sha,
                response.body().length, requestId,
                List.of(new RecordPage.PageEntry(0, ctx.getResourceType(r), r.getIdElement().getIdPart(), r.getMeta().getVersionId(), profiles(r), "include")),
                clock.instant()));
        return true;
    }

    /**
     * Records a page whose bytes are stored already. When the collection refuses it because its person was erased
     * meanwhile, the bytes are taken back (unless an event names them), since nothing will ever point to them.
     */
    private void record(Sink sink, RecordPage page) {
        try {
            sink.send(page);
        } catch (RuntimeException e) {
            if (page.responseSha256() != null && RefusedException.hasCode(e, Collection.PERSON_ERASED)) {
                store.deleteUnnamed(page.responseSha256());
            }
            throw e;
        }
    }

    private static List<String> profiles(IBaseResource r) {
        List<String> profiles = new ArrayList<>();
        for (IPrimitiveType<String> p : r.getMeta().getProfile()) {
            profiles.add(p.getValue());
        }
        return profiles;
    }

    private record Parsed(IBaseResource resource, String error) {
    }

    private static Parsed parse(FhirContext ctx, ProviderHttp.Response response) {
        if (response.body().length == 0) {
            return new Parsed(null, "empty body");
        }
        String ct = response.contentType() == null ? "" : response.contentType().toLowerCase();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        boolean xml = ct.contains("xml") || (!ct.contains("json") && text.stripLeading().startsWith("<"));
        if (!xml && !ct.contains("json") && !text.stripLeading().startsWith("{")) {
            return new Parsed(null, "not a FHIR body (Content-Type " + (ct.isEmpty() ? "none" : ct) + ")");
        }
        IParser parser = xml ? ctx.newXmlParser() : ctx.newJsonParser();
        // The parse establishes that the body is FHIR and finds the entries; the dossier keeps the bytes as
        // received, so an element this parser does not know is not lost. Its error handler must not log:
        // HAPI's messages can quote values, which are health content.
        parser.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
        try {
            return new Parsed(parser.parseResource(text), null);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // parser messages name elements and positions, not values; keep them short all the same
            log.debug("Unparsable FHIR response: {}", e.getClass().getSimpleName());
            return new Parsed(null, "unparsable FHIR " + (xml ? "XML" : "JSON") + ": "
                    + (message.length() > 300 ? message.substring(0, 300) : message));
        }
    }

    /** The issues of an OperationOutcome. */
    static List<OperationOutcomeIssue> issues(FhirContext ctx, IBaseResource outcome) {
        FhirTerser t = ctx.newTerser();
        List<OperationOutcomeIssue> result = new ArrayList<>();
        for (IBase issue : t.getValues(outcome, "issue")) {
            String severity = t.getSinglePrimitiveValueOrNull(issue, "severity");
            String code = t.getSinglePrimitiveValueOrNull(issue, "code");
            String text = t.getSinglePrimitiveValueOrNull(issue, "details.text");
            if (text == null) {
                text = t.getSinglePrimitiveValueOrNull(issue, "diagnostics");
            }
            result.add(new OperationOutcomeIssue(severity, code, text == null || text.length() <= 500 ? text : text.substring(0, 500)));
        }
        return result;
    }

    private RecordFetchFailure failure(CollectionRequested c, String query, int page, URI url, Integer status, String contentType,
                                       FetchFailure kind, String message, List<OperationOutcomeIssue> issues, String sha, long size, String requestId) {
        return new RecordFetchFailure(c.collectionId(), query, page, url.toString(), status, contentType, kind, message, issues,
                sha, size, requestId, clock.instant());
    }
}
