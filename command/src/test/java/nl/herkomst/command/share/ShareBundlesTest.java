package nl.herkomst.command.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.share.Coding;
import nl.herkomst.api.share.PatientDetails;
import nl.herkomst.api.share.ShareInput;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Bundles of Delen as built from a person's input, checked by the validator and by the send rules. */
class ShareBundlesTest {

    static final PatientDetails PATIENT = new PatientDetails(List.of("Sanne"), "Demo-Herkomst", "1984-05-17", "female", "Voorbeeldstraat", "1",
            "9999ZZ", "Stitswerd");
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static BundleValidation validation;

    @BeforeAll
    static void validator() {
        validation = new BundleValidation();
    }

    static byte[] pdf() {
        return "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    }

    static String eval(FhirContext ctx, String json, String path) {
        IBaseResource r = ctx.newJsonParser().parseResource(json);
        List<IBase> v = ctx.newFhirPath().evaluate(r, path, IBase.class);
        return v.isEmpty() ? null : v.get(0) instanceof IPrimitiveType<?> p ? p.getValueAsString() : v.get(0).fhirType();
    }

    @Test
    void measurementsAreAValidBatchWithoutIdsOrBsn() {
        ShareBundles.Built built = ShareBundles.measurements(PATIENT, new ShareInput.Measurements(List.of(
                new ShareInput.Measurement("blood-pressure", null, new BigDecimal("121"), new BigDecimal("79"), "2026-12-03T08:10:00+01:00"),
                new ShareInput.Measurement("respiration", new BigDecimal("16"), null, null, "2026-12-03T08:10:00+01:00"))));
        BundleValidation.Report report = validation.validate(FhirContext.forDstu3Cached(), built.bundle());
        assertThat(report.errors()).as(report.issues().toString()).isEmpty();
        FhirContext ctx = FhirContext.forDstu3Cached();
        assertThat(eval(ctx, built.json(), "Bundle.type")).isEqualTo("batch");
        assertThat(built.json()).doesNotContain("\"id\"");
        assertThat(eval(ctx, built.json(), "Bundle.entry.resource.where($this is Observation).component.where(code.coding.code='9279-1')"
                + ".value.where(value=16 and code.matches('^\\\\{.+\\\\}/min$')).exists()")).isEqualTo("true");
        assertThat(eval(ctx, built.json(), "Bundle.entry.resource.where($this is Patient).identifier.value.hasValue()")).isEqualTo("false");
        assertThat(built.entries()).extracting(e -> e.resourceType()).containsExactly("Patient", "Observation", "Observation");
    }

    @Test
    void aDocumentIsAValidTransaction() {
        ShareBundles.Built built = ShareBundles.document(PATIENT, new ShareInput.Document(pdf(), "Brief", null,
                new Coding("http://snomed.info/sct", "419891008", "Record artifact"), "upload"), "https://herkomst.localhost", NOW);
        BundleValidation.Report report = validation.validate(FhirContext.forDstu3Cached(), built.bundle());
        assertThat(report.errors()).as(report.issues().toString()).isEmpty();
        assertThat(built.json()).doesNotContain("\"id\"");
        assertThat(built.entries()).extracting(e -> e.resourceType()).containsExactly("Patient", "DocumentManifest", "DocumentReference", "Binary");
    }

    @Test
    void aCorrectionIsAValidR4Transaction() {
        ShareBundles.Built built = ShareBundles.correction(PATIENT, new ShareInput.Correction("Mijn telefoonnummer klopt niet.", null),
                "sandbox@medmij", NOW);
        BundleValidation.Report report = validation.validate(FhirContext.forR4Cached(), built.bundle());
        assertThat(report.errors()).as(report.issues().toString()).isEmpty();
        assertThat(built.json()).doesNotContain("\"id\"");
    }

    @Test
    void aCodingWithoutSystemFailsTheSendRulesAndTheMessageForEventsQuotesNothing() {
        ShareBundles.Built built = ShareBundles.document(PATIENT, new ShareInput.Document(pdf(), "Brief", null,
                new Coding(null, "419891008", "Record artifact"), "upload"), "https://herkomst.localhost", NOW);
        BundleValidation.Report report = validation.validate(FhirContext.forDstu3Cached(), built.bundle());
        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).extracting(BundleValidation.Issue::rule).contains("CODING_SYSTEM_CODE");
        assertThat(BundleValidation.withoutValues("The value 'Sanne' is not valid for \"given\"")).isEqualTo("The value '…' is not valid for \"…\"");
    }

    @Test
    void inputOutsideItsLimitsIsRefusedWithACode() {
        ShareInput.Measurements tooHigh = new ShareInput.Measurements(List.of(
                new ShareInput.Measurement("body-weight", new BigDecimal("900"), null, null, "2026-12-03T08:10:00+01:00")));
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, tooHigh, 1000, NOW)).isInstanceOf(RefusedException.class)
                .extracting(e -> ((RefusedException) e).code()).isEqualTo("VALUE_OUT_OF_RANGE");
        ShareInput.Document notPdf = new ShareInput.Document("<html>".getBytes(StandardCharsets.US_ASCII), "x", null, null, "upload");
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, notPdf, 1000, NOW)).extracting(e -> ((RefusedException) e).code()).isEqualTo("NOT_A_PDF");
        ShareInput.Document big = new ShareInput.Document(pdf(), "x", null, null, "upload");
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, big, 5, NOW)).extracting(e -> ((RefusedException) e).code()).isEqualTo("PDF_TOO_LARGE");
        ShareInput.Measurements pressure = new ShareInput.Measurements(List.of(
                new ShareInput.Measurement("blood-pressure", null, new BigDecimal("80"), new BigDecimal("120"), "2026-12-03T08:10:00+01:00")));
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, pressure, 1000, NOW)).extracting(e -> ((RefusedException) e).code())
                .isEqualTo("VALUE_OUT_OF_RANGE");
        ShareInput.Measurements offset = new ShareInput.Measurements(List.of(
                new ShareInput.Measurement("body-weight", new BigDecimal("80.10000"), null, null, "2026-12-03T08:10:00+15:00")));
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, offset, 1000, NOW)).extracting(e -> ((RefusedException) e).code()).isEqualTo("INVALID_MOMENT");
        ShareInput.Measurements seconds = new ShareInput.Measurements(List.of(
                new ShareInput.Measurement("body-weight", new BigDecimal("80.10000"), null, null, "2026-12-03T08:10:00+01:00:30")));
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, seconds, 1000, NOW)).extracting(e -> ((RefusedException) e).code()).isEqualTo("INVALID_MOMENT");
        ShareInput.Measurements mixed = new ShareInput.Measurements(List.of(
                new ShareInput.Measurement("body-weight", new BigDecimal("80"), new BigDecimal("120"), null, "2026-12-03T08:10:00+01:00")));
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, mixed, 1000, NOW)).extracting(e -> ((RefusedException) e).code()).isEqualTo("INVALID_MEASUREMENT");
        java.util.List<ShareInput.Measurement> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, new ShareInput.Measurements(withNull), 1000, NOW))
                .extracting(e -> ((RefusedException) e).code()).isEqualTo("INVALID_MEASUREMENT");
        ShareInputs.check(PATIENT, new ShareInput.Measurements(List.of(
                new ShareInput.Measurement("body-weight", new BigDecimal("80.10000"), null, null, "2026-12-03T08:10:00+01:00"))), 1000, NOW);
        ShareInput.Document partialType = new ShareInput.Document(pdf(), "x", null, new Coding(null, "419891008", null), "upload");
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, partialType, 1000, NOW)).extracting(e -> ((RefusedException) e).code())
                .isEqualTo("INVALID_DOCUMENT_TYPE");
        ShareInput.Correction surrogate = new ShareInput.Correction("X\ud800Y", null);
        assertThatThrownBy(() -> ShareInputs.check(PATIENT, surrogate, 1000, NOW)).extracting(e -> ((RefusedException) e).code())
                .isEqualTo("INVALID_CHARACTER");
        ShareInputs.check(PATIENT, new ShareInput.Correction("\ud83d\ude00".repeat(2001), null), 4000, NOW);
        for (String bad : List.of("tekst\u0000", "tekst\u0085", "tekst\u009b", "abc\u202edcba", "a\u2066b", "a\u200bb", "\ufefftekst", "a\u2028b", "a\u2060b", "a\u3164b", "a\ufff9b\ufffbc")) {
            ShareInput.Correction control = new ShareInput.Correction(bad, null);
            assertThatThrownBy(() -> ShareInputs.check(PATIENT, control, 1000, NOW)).as(bad.codePoints().mapToObj(Integer::toHexString).toList()
                    .toString()).extracting(e -> ((RefusedException) e).code()).isEqualTo("INVALID_CHARACTER");
        }
        // a family emoji is joined with zero-width joiners; Persian needs the non-joiner; accents and Arabic script are text
        ShareInputs.check(PATIENT, new ShareInput.Correction("\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67 mi\u200cxed caf\u00e9 \u0645\u0631\u062d\u0628\u0627", null),
                1000, NOW);
    }

    @Test
    void aMomentWithoutSecondsOrOnlyADayIsWrittenAsAFhirDateTime() {
        assertThat(ShareInputs.fhirMoment("2026-12-03T08:10+01:00")).isEqualTo("2026-12-03T08:10:00+01:00");
        assertThat(ShareInputs.fhirMoment("2026-12-03T08:10:05.5Z")).isEqualTo("2026-12-03T08:10:05.5Z");
        assertThat(ShareInputs.fhirMoment("2026-12-03T08:10:05.123456789+01:00")).isEqualTo("2026-12-03T08:10:05.123456789+01:00");
        assertThat(ShareInputs.fhirMoment("2026-12-03")).isEqualTo("2026-12-03");
        ShareBundles.Built built = ShareBundles.measurements(PATIENT, new ShareInput.Measurements(List.of(
                new ShareInput.Measurement("heart-rate", new BigDecimal("62"), null, null, "2026-12-03T08:10+01:00"))));
        assertThat(built.json()).contains("\"effectiveDateTime\":\"2026-12-03T08:10:00+01:00\"");
    }
}
