package nl.herkomst.api.share;

import java.math.BigDecimal;
import java.util.List;

/** What the person wants to share, as entered; the Bundle builders turn it into FHIR. Commands only, never events. */
public sealed interface ShareInput {

    ShareKind kind();

    /**
     * A PDF the person uploaded or picked from the dossier.
     *
     * @param typeFromProvider the type is the one the provider gave the document (a dossier document), not one the
     *                         person's front end chose: it is not checked as input, only by the Bundle's validation
     */
    record Document(byte[] pdf, String title, String description, Coding type, String source, boolean typeFromProvider) implements ShareInput {

        public Document(byte[] pdf, String title, String description, Coding type, String source) {
            this(pdf, title, description, type, source, false);
        }

        @Override
        public ShareKind kind() {
            return ShareKind.DOCUMENT;
        }

        @Override
        public String toString() {
            return "Document[" + (pdf == null ? 0 : pdf.length) + " bytes, source=" + source + "]";
        }
    }

    /**
     * One measurement: {@code type} as in {@code MeasurementType} (blood-pressure, body-weight, …), a value
     * (or systolic/diastolic for blood pressure) in the type's unit, and the moment it was measured.
     */
    record Measurement(String type, BigDecimal value, BigDecimal systolic, BigDecimal diastolic, String at) {
    }

    record Measurements(List<Measurement> measurements) implements ShareInput {
        public Measurements {
            // nulls are kept (and refused with a code by the input checks), so List.copyOf is not used
            measurements = measurements == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(measurements));
        }

        @Override
        public ShareKind kind() {
            return ShareKind.MEASUREMENTS;
        }

        @Override
        public String toString() {
            return "Measurements[" + measurements.size() + "]";
        }
    }

    /** A request to correct the dossier at the provider, in the person's words. */
    record Correction(String text, String topic) implements ShareInput {
        @Override
        public ShareKind kind() {
            return ShareKind.PATIENT_CORRECTION;
        }

        @Override
        public String toString() {
            return "Correction[" + (text == null ? 0 : text.length()) + " characters]";
        }
    }
}
