package nl.herkomst.command.share;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.share.EntryResult;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Reads a provider's answer to a POSTed Bundle: the status and location of each entry (a
 * transaction-response or batch-response Bundle), the ids the provider assigned, and every OperationOutcome
 * issue in it (the answer itself, an entry's {@code response.outcome}, or an OperationOutcome entry, as
 * the Patient corrections answer carries its text for the person).
 */
public final class ShareResponses {

    public record Answer(boolean fhir, String resourceType, List<EntryResult> entries, List<String> assigned, List<OperationOutcomeIssue> issues) {
    }

    private ShareResponses() {
    }

    public static Answer read(String fhirVersion, byte[] body) {
        if (body == null || body.length == 0) {
            return new Answer(false, null, List.of(), List.of(), List.of());
        }
        FhirContext ctx = "R4".equals(fhirVersion) ? FhirContext.forR4Cached() : FhirContext.forDstu3Cached();
        IBaseResource resource;
        try {
            String text = new String(body, StandardCharsets.UTF_8);
            resource = text.stripLeading().startsWith("<") ? ctx.newXmlParser().parseResource(text) : ctx.newJsonParser().parseResource(text);
        } catch (RuntimeException e) {
            return new Answer(false, null, List.of(), List.of(), List.of());
        }
        List<EntryResult> entries = new ArrayList<>();
        List<String> assigned = new ArrayList<>();
        List<OperationOutcomeIssue> issues = new ArrayList<>();
        if (resource instanceof org.hl7.fhir.dstu3.model.Bundle b) {
            for (var e : b.getEntry()) {
                String status = e.getResponse().getStatus();
                String location = e.getResponse().getLocation();
                entries.add(new EntryResult(status, location));
                addAssigned(assigned, location);
                if (e.getResponse().getOutcome() instanceof org.hl7.fhir.dstu3.model.OperationOutcome oo) {
                    stu3(oo, issues);
                }
                if (e.getResource() instanceof org.hl7.fhir.dstu3.model.OperationOutcome oo) {
                    stu3(oo, issues);
                }
            }
        } else if (resource instanceof org.hl7.fhir.r4.model.Bundle b) {
            for (var e : b.getEntry()) {
                String status = e.getResponse().getStatus();
                String location = e.getResponse().getLocation();
                entries.add(new EntryResult(status, location));
                addAssigned(assigned, location);
                if (e.getResponse().getOutcome() instanceof org.hl7.fhir.r4.model.OperationOutcome oo) {
                    r4(oo, issues);
                }
                if (e.getResource() instanceof org.hl7.fhir.r4.model.OperationOutcome oo) {
                    r4(oo, issues);
                }
            }
        } else if (resource instanceof org.hl7.fhir.dstu3.model.OperationOutcome oo) {
            stu3(oo, issues);
        } else if (resource instanceof org.hl7.fhir.r4.model.OperationOutcome oo) {
            r4(oo, issues);
        }
        return new Answer(true, ctx.getResourceType(resource), List.copyOf(entries), List.copyOf(assigned), List.copyOf(issues));
    }

    /** {@code https://x/fhir/Observation/12/_history/1} → {@code Observation/12}. */
    private static void addAssigned(List<String> assigned, String location) {
        if (location == null || location.isBlank()) {
            return;
        }
        String l = location.replaceFirst("/_history/.*$", "");
        String[] parts = l.split("/");
        if (parts.length >= 2) {
            assigned.add(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
        }
    }

    private static void stu3(org.hl7.fhir.dstu3.model.OperationOutcome oo, List<OperationOutcomeIssue> issues) {
        for (var i : oo.getIssue()) {
            String text = i.getDetails().hasText() ? i.getDetails().getText() : i.getDiagnostics();
            issues.add(new OperationOutcomeIssue(i.getSeverity() == null ? null : i.getSeverity().toCode(),
                    i.getCode() == null ? null : i.getCode().toCode(), limit(text)));
        }
    }

    private static void r4(org.hl7.fhir.r4.model.OperationOutcome oo, List<OperationOutcomeIssue> issues) {
        for (var i : oo.getIssue()) {
            String text = i.getDetails().hasText() ? i.getDetails().getText() : i.getDiagnostics();
            issues.add(new OperationOutcomeIssue(i.getSeverity() == null ? null : i.getSeverity().toCode(),
                    i.getCode() == null ? null : i.getCode().toCode(), limit(text)));
        }
    }

    private static String limit(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
