package nl.herkomst.command.share;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.RequestShare;
import nl.herkomst.api.command.ShareStarted;
import nl.herkomst.api.event.ShareRequested;
import nl.herkomst.api.share.ShareInput;
import nl.herkomst.api.share.ShareKind;
import nl.herkomst.command.collection.GegevensdienstCatalog;
import nl.herkomst.command.collection.MedMijClientProperties;
import nl.herkomst.command.directory.ProviderDirectory;
import nl.herkomst.command.http.ProviderHttp;
import nl.herkomst.command.oauth.AuthorizationRequests;
import nl.herkomst.command.store.AuthorizationStateStore;
import nl.herkomst.command.store.ResponseStore;
import nl.herkomst.command.store.Sha256;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;

/**
 * Starts shares (Delen, medmij.md §3): checks the input, builds the Bundle, validates it, keeps it in the
 * content store and prepares the authorization request with exactly one provider~gegevensdienst in the
 * scope. A Bundle that fails validation is recorded (ShareRequested, then ShareFailed) and never sent; the
 * person gets the reasons in the answer.
 */
public class ShareCommandHandler {

    private final Repository<Share> repository;
    private final ProviderDirectory directory;
    private final ShareCatalog shares;
    private final GegevensdienstCatalog catalog;
    private final MedMijClientProperties client;
    private final AuthorizationStateStore states;
    private final ResponseStore store;
    private final BundleValidation validation;
    private final long maxPdfBytes;
    private final Clock clock;

    public ShareCommandHandler(Repository<Share> repository, ProviderDirectory directory, ShareCatalog shares, GegevensdienstCatalog catalog,
                               MedMijClientProperties client, AuthorizationStateStore states, ResponseStore store, BundleValidation validation,
                               long maxPdfBytes, Clock clock) {
        this.repository = repository;
        this.directory = directory;
        this.shares = shares;
        this.catalog = catalog;
        this.client = client;
        this.states = states;
        this.store = store;
        this.validation = validation;
        this.maxPdfBytes = maxPdfBytes;
        this.clock = clock;
    }

    @CommandHandler
    public ShareStarted handle(RequestShare command) throws Exception {
        if (command.input() == null) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_REQUEST", "nothing to share");
        }
        ShareKind kind = command.input().kind();
        ShareCatalog.ShareService service = shares.find(kind).orElseThrow(() -> new RefusedException(RefusedException.Kind.INVALID,
                "UNKNOWN_SHARE_KIND", "this PGO does not share " + kind.key()));
        if (!catalog.qualified().contains(service.gegevensdienst() + "@" + service.version())) {
            throw new RefusedException(RefusedException.Kind.INVALID, "GEGEVENSDIENST_NOT_QUALIFIED",
                    "this PGO is not qualified for gegevensdienst " + service.gegevensdienst() + " version " + service.version());
        }
        Instant now = clock.instant();
        ShareInputs.check(command.patient(), command.input(), maxPdfBytes, now);
        ProviderDirectory.Endpoints endpoints = directory.find(command.provider(), service.gegevensdienst(), service.systeemrol())
                .orElseThrow(() -> new RefusedException(RefusedException.Kind.INVALID, "UNKNOWN_PROVIDER",
                        "provider " + clean(command.provider()) + " does not offer gegevensdienst " + service.gegevensdienst()
                                + " (systeemrol " + service.systeemrol() + ") in the provider list"));
        directory.requireOnOcl(client.clientId());
        try {
            ProviderHttp.requireHttps(java.net.URI.create(endpoints.authorizationEndpoint()));
            ProviderHttp.requireHttps(java.net.URI.create(endpoints.tokenEndpoint()));
            ProviderHttp.requireHttps(java.net.URI.create(endpoints.resourceEndpoint()));
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusedException.Kind.UNAVAILABLE, "INVALID_PROVIDER_ENDPOINT", e.getMessage());
        }

        ShareBundles.Built built;
        try {
            built = build(command, kind, now);
        } catch (RuntimeException e) {
            // the checks above should leave nothing HAPI refuses; if they do, the person gets a code, not a parser's message
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_INPUT", "the input cannot be written as FHIR " + hint(kind));
        }
        FhirContext ctx = "R4".equals(built.fhirVersion()) ? FhirContext.forR4Cached() : FhirContext.forDstu3Cached();
        BundleValidation.Report report = validation.validate(ctx, built.json());
        String bundleSha = store.put(built.json().getBytes(StandardCharsets.UTF_8), "application/fhir+json");
        String reportSha = report.issues().isEmpty() ? null
                : store.put(ValidationReports.json(report).getBytes(StandardCharsets.UTF_8), "application/fhir+json");
        List<OperationOutcomeIssue> forEvent = report.errors().stream()
                .map(i -> new OperationOutcomeIssue(i.severity(), i.rule() == null ? "invalid" : i.rule(),
                        where(i.location()) + ": " + BundleValidation.withoutValues(i.message())))
                .toList();

        String scope = AuthorizationRequests.scopeOf(command.provider(), service.gegevensdienst());
        AuthorizationRequests.Prepared request = report.valid()
                ? AuthorizationRequests.prepare(endpoints.authorizationEndpoint(), client.clientId(), client.redirectUri(), scope) : null;
        if (request != null) {
            states.insertShare(Sha256.hex(request.state()), command.shareId().value(), command.personId(), request.codeVerifier(),
                    now.plus(client.stateTtl()));
        }
        ShareRequested requested = new ShareRequested(command.shareId(), command.personId(), kind, command.provider(), command.provider(),
                service.gegevensdienst(), directory.gegevensdienstName(service.gegevensdienst()).orElse(service.name()), service.version(),
                service.systeemrol(), built.fhirVersion(), endpoints.authorizationEndpoint(), endpoints.tokenEndpoint(),
                endpoints.resourceEndpoint(), client.clientId(), client.redirectUri(), scope,
                request == null ? null : Sha256.hex(request.state()), request == null ? null : request.correlationId(),
                request == null ? null : request.requestId(), built.bundleType(), service.preferRepresentation(), bundleSha, built.json().getBytes(StandardCharsets.UTF_8).length,
                built.entries(), source(command.input()), report.valid(), report.errors().size(), report.warnings().size(), reportSha,
                endpoints.listVersion(), endpoints.whitelistVersion(), now);
        repository.newInstance(() -> new Share(requested, forEvent));
        List<OperationOutcomeIssue> forPerson = report.errors().stream()
                .map(i -> new OperationOutcomeIssue(i.severity(), i.rule() == null ? "invalid" : i.rule(), where(i.location()) + ": " + i.message()))
                .toList();
        return new ShareStarted(command.shareId(), report.valid(), request == null ? null : request.url(), forPerson);
    }

    private ShareBundles.Built build(RequestShare command, ShareKind kind, Instant now) {
        return switch (kind) {
            case DOCUMENT -> ShareBundles.document(command.patient(), (ShareInput.Document) command.input(), "https://" + client.clientId(), now);
            case MEASUREMENTS -> ShareBundles.measurements(command.patient(), (ShareInput.Measurements) command.input());
            case PATIENT_CORRECTION -> ShareBundles.correction(command.patient(), (ShareInput.Correction) command.input(), command.provider(), now);
        };
    }

    /** A validator's location as a plain FHIRPath: without HAPI's {@code /*Observation/null*\/} annotations. */
    static String where(String location) {
        return location == null ? "Bundle" : location.replaceAll("/\\*[^*]*\\*/", "");
    }

    private static String hint(ShareKind kind) {
        return "(" + kind.key() + ")";
    }

    private static String source(ShareInput input) {
        if (input instanceof ShareInput.Document d && d.source() != null) {
            return d.source();
        }
        return input instanceof ShareInput.Document ? "upload" : "entered";
    }

    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return t.length() <= 100 ? t : t.substring(0, 100);
    }
}
