package nl.herkomst.command.share;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;

/** A validation report as a FHIR R4 OperationOutcome (kept in the content store beside the Bundle it is about). */
final class ValidationReports {

    private ValidationReports() {
    }

    static String json(BundleValidation.Report report) {
        OperationOutcome outcome = new OperationOutcome();
        for (BundleValidation.Issue i : report.issues()) {
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue();
            issue.setSeverity(OperationOutcome.IssueSeverity.fromCode(i.severity()));
            issue.setCode(i.rule() != null && i.rule().matches("[A-Z_]+") ? OperationOutcome.IssueType.BUSINESSRULE
                    : OperationOutcome.IssueType.INVALID);
            if (i.rule() != null) {
                issue.getDetails().addCoding().setSystem("urn:herkomst:validation").setCode(i.rule());
            }
            issue.setDiagnostics(i.message());
            if (i.location() != null) {
                issue.getExpression().add(new StringType(i.location()));
            }
        }
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(outcome);
    }
}
