package nl.herkomst.api;

/**
 * One issue of a FHIR OperationOutcome a provider sent: severity and code (machine-readable, for
 * support staff and for the outcome classification) and its text (details.text or diagnostics).
 */
public record OperationOutcomeIssue(String severity, String code, String text) {
    @Override
    public String toString() {
        return severity + " " + code + (text == null ? "" : ": " + text);
    }
}
