package nl.herkomst.command.fhir;

import ca.uhn.fhir.context.FhirContext;

/** One shared {@link FhirContext} per FHIR version (they are expensive to create and thread-safe). */
public final class FhirContexts {
    private FhirContexts() {
    }

    public static FhirContext of(String fhirVersion) {
        return switch (fhirVersion) {
            case "STU3" -> FhirContext.forDstu3Cached();
            case "R4" -> FhirContext.forR4Cached();
            default -> throw new IllegalArgumentException("unsupported FHIR version: " + fhirVersion);
        };
    }
}
