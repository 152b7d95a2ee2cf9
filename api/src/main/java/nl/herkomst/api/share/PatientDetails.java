package nl.herkomst.api.share;

import java.util.List;

/**
 * The person as the Bundle names them (never a BSN: the Bundle carries the BSN identifier only masked,
 * with data-absent-reason). Lives in commands only, never in events.
 *
 * @param gender FHIR administrative gender: male, female, other, unknown
 */
public record PatientDetails(List<String> given, String family, String birthDate, String gender, String street, String houseNumber,
                             String postalCode, String city) {
    public PatientDetails {
        given = given == null ? List.of() : List.copyOf(given);
    }

    public String displayName() {
        String g = String.join(" ", given);
        return (g.isEmpty() ? "" : g + " ") + (family == null ? "" : family);
    }
}
