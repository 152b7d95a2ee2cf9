package nl.herkomst.command.share;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Checks a Bundle before it is sent: HAPI's instance validator against the FHIR specification of its
 * version (structure, cardinality, data types, invariants, bound value sets it knows), and the send rules
 * of the Nictiz scripts as FHIRPath (qualification.md §1.4). The zib and nl-core profiles named in
 * {@code meta.profile} are not available on these machines (they are not published in a registry this
 * build reaches): that the validator could not check them is reported as a warning, never hidden.
 * <p>
 * An error of either kind keeps the Bundle from being sent.
 */
public final class BundleValidation {

    /** @param location a FHIRPath to the element; {@code rule} the product rule's code, or the validator's message id */
    public record Issue(String severity, String location, String rule, String message) {
    }

    public record Report(List<Issue> issues) {
        public List<Issue> errors() {
            return issues.stream().filter(i -> i.severity().equals("error") || i.severity().equals("fatal")).toList();
        }

        public List<Issue> warnings() {
            return issues.stream().filter(i -> i.severity().equals("warning")).toList();
        }

        public boolean valid() {
            return errors().isEmpty();
        }
    }

    /** A send rule: it holds when {@code expression} is true on the Bundle. */
    record Rule(String code, String expression, String message) {
    }

    static final List<Rule> RULES = List.of(
            new Rule("BUNDLE_TYPE", "Bundle.type = 'transaction' or Bundle.type = 'batch'", "the Bundle must be a transaction or a batch"),
            new Rule("POST_WITHOUT_ID", "Bundle.entry.where(request.method = 'POST').all(resource.id.exists().not())",
                    "a resource created with POST carries no id"),
            new Rule("URN_FULLURL", "Bundle.entry.where(request.method = 'POST').all(fullUrl.startsWith('urn:uuid:'))",
                    "a resource created with POST has a urn:uuid fullUrl"),
            new Rule("META_PROFILE", "Bundle.entry.resource.where(is(Binary).not()).all(meta.profile.exists())",
                    "every resource but Binary names its profile in meta.profile"),
            new Rule("CODING_SYSTEM_CODE", "Bundle.descendants().where($this is Coding).all(system.exists() and code.exists())",
                    "every Coding has a system and a code"),
            new Rule("ZIB_VALUESET_AS_SYSTEM",
                    "Bundle.descendants().where($this is Coding).where(system.startsWith('urn:oid:2.16.840.1.113883.2.4.3.11.60.40.2')).empty()",
                    "a zib value set OID is not a code system"),
            new Rule("CONCEPT_DISPLAY", "Bundle.descendants().where($this is CodeableConcept).all(coding.display.exists() or text.exists() or extension.exists())",
                    "every CodeableConcept has a display, a text or an extension"),
            new Rule("REFERENCE_DISPLAY", "Bundle.descendants().where($this is Reference).all(display.exists() or extension.exists())",
                    "every Reference has a display"),
            new Rule("IDENTIFIER_SYSTEM_VALUE", "Bundle.descendants().where($this is Identifier).all((system.exists() or type.exists()) and value.exists())",
                    "every Identifier has a system and a value"),
            new Rule("NO_BSN",
                    "Bundle.descendants().where($this is Identifier).where(system = 'http://fhir.nl/fhir/NamingSystem/bsn').all(value.hasValue().not())",
                    "no BSN: a BSN identifier is only present masked"));

    private final ConcurrentHashMap<String, FhirValidator> validators = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FhirContext> literal = new ConcurrentHashMap<>();

    /**
     * A context that reads a Bundle as written: HAPI's default gives every entry's resource the id of its
     * fullUrl, which would hide a resource created with POST that carries an id (or make every one seem to).
     */
    private FhirContext literal(FhirContext ctx) {
        return literal.computeIfAbsent(ctx.getVersion().getVersion().name(), v -> {
            FhirContext own = new FhirContext(ctx.getVersion().getVersion());
            own.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
            return own;
        });
    }

    /** The validators take seconds to build; done once per FHIR version (and early, by {@link #warmUp()}). */
    private FhirValidator validator(FhirContext ctx) {
        return validators.computeIfAbsent(ctx.getVersion().getVersion().name(), v -> {
            ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                    new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx));
            FhirInstanceValidator module = new FhirInstanceValidator(chain);
            module.setErrorForUnknownProfiles(false);
            module.setAnyExtensionsAllowed(true);
            FhirValidator validator = ctx.newValidator();
            validator.registerValidatorModule(module);
            return validator;
        });
    }

    public void warmUp() {
        validator(FhirContext.forDstu3Cached()).validateWithResult(
                new org.hl7.fhir.dstu3.model.Bundle().setType(org.hl7.fhir.dstu3.model.Bundle.BundleType.BATCH));
        validator(FhirContext.forR4Cached()).validateWithResult(
                new org.hl7.fhir.r4.model.Bundle().setType(org.hl7.fhir.r4.model.Bundle.BundleType.BATCH));
    }

    /** Validates a Bundle as it will go on the wire: encoded, then read back (what the provider will read). */
    public Report validate(FhirContext ctx, IBaseResource bundle) {
        return validate(ctx, ctx.newJsonParser().encodeResourceToString(bundle));
    }

    public Report validate(FhirContext ctx, String json) {
        IBaseResource bundle = literal(ctx).newJsonParser().parseResource(json);
        List<Issue> issues = new ArrayList<>();
        ValidationResult result = validator(ctx).validateWithResult(json);
        for (SingleValidationMessage m : result.getMessages()) {
            if (m.getSeverity() == ResultSeverityEnum.INFORMATION) {
                continue;
            }
            issues.add(new Issue(m.getSeverity().getCode(), m.getLocationString(), m.getMessageId(), m.getMessage()));
        }
        for (Rule rule : RULES) {
            String problem;
            try {
                List<IBase> r = literal(ctx).newFhirPath().evaluate(bundle, rule.expression(), IBase.class);
                boolean holds = r.size() == 1 && r.get(0) instanceof IPrimitiveType<?> p && Boolean.TRUE.equals(p.getValue());
                problem = holds ? null : rule.message();
            } catch (RuntimeException e) {
                problem = "the rule could not be evaluated: " + e.getClass().getSimpleName();
            }
            if (problem != null) {
                issues.add(new Issue("error", "Bundle", rule.code(), problem));
            }
        }
        return new Report(List.copyOf(issues));
    }

    /** A message without what it quotes (values the person entered): fit for an event. */
    public static String withoutValues(String message) {
        if (message == null) {
            return null;
        }
        String s = message.replaceAll("'[^']*'", "'…'").replaceAll("\"[^\"]*\"", "\"…\"");
        return s.length() <= 500 ? s : s.substring(0, 500);
    }
}
