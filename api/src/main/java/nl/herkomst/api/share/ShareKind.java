package nl.herkomst.api.share;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a person can share (Delen). Each kind has its own Bundle builder; its gegevensdienst, version and
 * systeemrol are configuration ({@code herkomst.shares.<kind>}).
 */
public enum ShareKind {
    /** Documenten (57, STU3): a PDF as a transaction of Patient, DocumentManifest, DocumentReference and Binary. */
    DOCUMENT("document"),
    /** Meetwaarden vitale functies (53, STU3): measurements as a batch of Patient and Observations. */
    MEASUREMENTS("measurements"),
    /** Patient corrections 1.x (R4): a correction request as a transaction of Communication, Patient and Organization. */
    PATIENT_CORRECTION("patient-correction");

    private final String key;

    ShareKind(String key) {
        this.key = key;
    }

    @JsonValue
    public String key() {
        return key;
    }

    @JsonCreator
    public static ShareKind of(String key) {
        for (ShareKind k : values()) {
            if (k.key.equals(key) || k.name().equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be document, measurements or patient-correction");
    }
}
