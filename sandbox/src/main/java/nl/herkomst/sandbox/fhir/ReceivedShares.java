package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import nl.herkomst.sandbox.SandboxControl;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * The receiving side of Delen, as the Nictiz receiving XIS checks a PGO's Bundle: the Bundle type its
 * content calls for (a batch of measurements, a transaction otherwise), {@code meta.profile} on every
 * resource but Binary, POST entries without id under a {@code urn:uuid} fullUrl, a display on every
 * Reference, and no unmasked BSN. It keeps what it received (the newest 200), for {@code GET /sandbox/shares}.
 */
public final class ReceivedShares {

    /** One Bundle received and how it was answered. */
    public record Received(Instant at, String fhirVersion, String patient, String bundleType, List<String> resourceTypes, int status,
                           List<String> problems) {
    }

    static final String CONFIRMATION = "Ontvangen door de sandbox-zorgaanbieder.";
    static final String CORRECTION_RECEIVED = "Je wijzigingsverzoek is ontvangen door de sandbox-zorgaanbieder. Neem voor meer informatie "
            + "contact op met de zorgaanbieder. Is de situatie levensbedreigend, bel dan 112.";

    private static final Map<String, String> RULES = new java.util.LinkedHashMap<>();

    static {
        RULES.put("Bundle.entry.resource.where(is(Binary).not()).all(meta.profile.exists())",
                "every resource but Binary must name its profile in meta.profile");
        RULES.put("Bundle.entry.where(request.method = 'POST').all(resource.id.exists().not() and fullUrl.startsWith('urn:uuid:'))",
                "resources created with POST carry no id and have a urn:uuid fullUrl");
        RULES.put("Bundle.descendants().where($this is Reference).all(display.exists() or extension.exists())",
                "every Reference must have a display");
        RULES.put("Bundle.descendants().where($this is Identifier).where(system = 'http://fhir.nl/fhir/NamingSystem/bsn').all(value.hasValue().not())",
                "the Bundle contains a BSN: this provider does not accept BSNs from a PGO");
    }

    private final Deque<Received> received = new ArrayDeque<>();

    private static final Map<ca.uhn.fhir.context.FhirVersionEnum, FhirContext> LITERAL = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A context of {@code ctx}'s FHIR version that reads a Bundle as written: HAPI's default gives every entry's
     * resource the id of its fullUrl, which would hide a resource created with POST that carries an id.
     */
    public static FhirContext literal(FhirContext ctx) {
        return LITERAL.computeIfAbsent(ctx.getVersion().getVersion(), v -> {
            FhirContext own = new FhirContext(v);
            own.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
            return own;
        });
    }

    /**
     * Records a Bundle that is not taken and returns what to throw: 422 with the problems as an OperationOutcome,
     * or the status and text the sandbox was told to refuse with.
     */
    RuntimeException refuse(FhirContext ctx, String fhirVersion, String patient, String bundleType, List<String> types, List<String> problems,
                            SandboxControl.Refusal refusal) {
        int status = refusal != null ? refusal.status() : 422;
        record(new Received(Instant.now(), fhirVersion, patient, bundleType, types, status, problems));
        org.hl7.fhir.instance.model.api.IBaseOperationOutcome outcome = ca.uhn.fhir.util.OperationOutcomeUtil.newInstance(ctx);
        problems.forEach(p -> ca.uhn.fhir.util.OperationOutcomeUtil.addIssue(ctx, outcome, "error", p, null, "business-rule"));
        return status == 422 ? new ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException(ctx, outcome)
                : new Refused(status, problems.get(0), outcome);
    }

    /** A refusal with the status the sandbox was told to give. */
    static final class Refused extends ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException {
        Refused(int status, String message, org.hl7.fhir.instance.model.api.IBaseOperationOutcome outcome) {
            super(status, message, outcome);
        }
    }

    /**
     * What is wrong with the Bundle as received (its raw bytes, read without HAPI's habit of giving each entry
     * the id of its fullUrl), empty when it may be accepted.
     */
    static List<String> problems(FhirContext server, byte[] raw) {
        FhirContext ctx = literal(server);
        IBaseResource bundle;
        try {
            bundle = ctx.newJsonParser().parseResource(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return List.of("the Bundle could not be read as FHIR JSON");
        }
        List<String> problems = new ArrayList<>();
        List<String> types = ctx.newTerser().getValues(bundle, "Bundle.entry.resource").stream()
                .map(r -> ((IBaseResource) r).fhirType()).toList();
        String type = ctx.newTerser().getSinglePrimitiveValueOrNull(bundle, "Bundle.type");
        String expected = types.contains("Observation") ? "batch" : "transaction";
        if (!expected.equals(type)) {
            problems.add("a Bundle of " + (expected.equals("batch") ? "measurements" : "these resources") + " must be a " + expected + ", not " + type);
        }
        for (Map.Entry<String, String> rule : RULES.entrySet()) {
            List<IBase> r = ctx.newFhirPath().evaluate(bundle, rule.getKey(), IBase.class);
            if (!(r.size() == 1 && r.get(0) instanceof IPrimitiveType<?> p && Boolean.TRUE.equals(p.getValue()))) {
                problems.add(rule.getValue());
            }
        }
        return problems;
    }

    synchronized void record(Received r) {
        if (received.size() == 200) {
            received.removeFirst();
        }
        received.addLast(r);
    }

    public synchronized List<Received> all() {
        return List.copyOf(received);
    }

    static List<String> types(FhirContext ctx, IBaseResource bundle) {
        return ctx.newTerser().getValues(bundle, "Bundle.entry.resource").stream().map(r -> ((IBaseResource) r).fhirType()).toList();
    }
}
