package nl.herkomst.query.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.time.Instant;
import java.util.List;
import nl.herkomst.api.query.DossierResource;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Provenance resources validate against the base FHIR R4 definitions (HAPI's instance validator). */
class FhirProvenanceTest {

    static FhirValidator validator;
    static final FhirContext R4 = FhirContext.forR4Cached();

    static DossierResource resource(String id) {
        return new DossierResource("Condition", id, new DossierResource.Provenance("sandbox@medmij", "Sandbox ziekenhuis", "48",
                "Basisgegevensset Zorg (BgZ)", "3.0", "MM-3.0.0-BZB-FHIR", "STU3", "https://localhost:8443/fhir/stu3",
                "6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b11", "Condition", 1, "https://localhost:8443/fhir/stu3/Condition", 200,
                "1bf8b687-471a-4a56-984d-8fa82ddc9b8f", "2b13d577-d58b-4dc2-a9dd-15ea9604d852", "match",
                List.of("http://nictiz.nl/fhir/StructureDefinition/zib-Problem"), null, Instant.parse("2026-12-03T17:57:07.848Z"),
                "70d85c326b4c67e4943185cb2f583133672f0e219c2c3dca2fbf6343d7bd0519", "1", "3"), "{}");
    }

    @BeforeAll
    static void validator() {
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(R4),
                new InMemoryTerminologyServerValidationSupport(R4), new CommonCodeSystemsTerminologyService(R4));
        validator = R4.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(chain));
    }

    static void assertValid(String json) {
        ValidationResult result = validator.validateWithResult(json);
        assertThat(result.getMessages()).as(json).noneMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal());
    }

    @Test
    void aProvenanceValidatesAndNamesWhoWhatWhenAndHow() {
        String json = FhirProvenance.json(resource("zib-Problem-1"));
        assertValid(json);
        Provenance p = R4.newJsonParser().parseResource(Provenance.class, json);
        assertThat(p.getTargetFirstRep().getReference()).isEqualTo("Condition/zib-Problem-1");
        assertThat(p.getRecorded().toInstant()).isEqualTo(Instant.parse("2026-12-03T17:57:07.848Z"));
        assertThat(p.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("sandbox@medmij");
        assertThat(p.getEntityFirstRep().getWhat().getIdentifier().getValue()).isEqualTo("https://localhost:8443/fhir/stu3/Condition");
        assertThat(p.getExtensionByUrl(FhirProvenance.EXTENSION_BASE + "gegevensdienst-version").getValue().primitiveValue()).isEqualTo("3.0");
        assertThat(p.getExtensionByUrl(FhirProvenance.EXTENSION_BASE + "medmij-request-id").getValue().primitiveValue())
                .isEqualTo("2b13d577-d58b-4dc2-a9dd-15ea9604d852");
        assertThat(p.getExtensionByUrl(FhirProvenance.EXTENSION_BASE + "response-sha256").getValue().primitiveValue()).hasSize(64);
    }

    @Test
    void theBundleOfAPersonsProvenanceValidates() {
        assertValid(FhirProvenance.bundle(List.of(resource("a"), resource("b"))));
    }

    @Test
    void aShareSentIsAValidProvenanceNamingTheBundleTheProviderAndTheMoment() {
        nl.herkomst.query.share.ShareView share = new nl.herkomst.query.share.ShareView("6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b12", "measurements",
                "SHARED", true, "sandbox@medmij", "53", "Meetwaarden vitale functies", "2.0", "STU3", "batch",
                "70d85c326b4c67e4943185cb2f583133672f0e219c2c3dca2fbf6343d7bd0519", 1234L,
                List.of(new nl.herkomst.api.share.SharedEntry("urn:uuid:1", "Patient", "http://fhir.nl/fhir/StructureDefinition/nl-core-patient", "POST")),
                "entered", "3", Instant.parse("2026-12-03T10:00:00Z"), Instant.parse("2026-12-03T10:00:05Z"), Instant.parse("2026-12-03T10:00:06Z"),
                Instant.parse("2026-12-03T10:00:07Z"), 200, null, null, null, "accepted by the provider", "Ontvangen.", List.of(), List.of(),
                List.of("Patient/1"), 1, 0, "1bf8b687471a4a56984d8fa82ddc9b8f1bf8b687471a4a56984d8fa82ddc9b8f", null);
        String json = FhirProvenance.bundle(List.of(resource("a")), List.of(share));
        assertValid(json);
        Provenance p = (Provenance) R4.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class, json).getEntry().get(1).getResource();
        assertThat(p.getTargetFirstRep().getIdentifier().getValue()).isEqualTo(share.bundleSha256());
        assertThat(p.getOccurredDateTimeType().getValue().toInstant()).isEqualTo(Instant.parse("2026-12-03T10:00:06Z"));
        assertThat(p.getAgent().get(1).getWho().getIdentifier().getValue()).isEqualTo("sandbox@medmij");
        assertThat(p.getExtensionByUrl(FhirProvenance.EXTENSION_BASE + "share-status").getValue().primitiveValue()).isEqualTo("SHARED");
    }
}
