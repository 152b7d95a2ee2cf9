package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.herkomst.sandbox.SandboxControl;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Delen on the R4 server (Patient corrections): checks, records and answers a POSTed transaction. With
 * {@code Prefer: return=representation} every entry carries what was created, and the Communication's
 * entry an OperationOutcome whose text the PGO must show, as the Nictiz server answers.
 */
public class R4Receiving {

    private final ReceivedShares received;
    private final SandboxControl control;

    public R4Receiving(ReceivedShares received, SandboxControl control) {
        this.received = received;
        this.control = control;
    }

    @Transaction
    public Bundle receive(@TransactionParam Bundle bundle, RequestDetails request) {
        FhirContext ctx = FhirContext.forR4Cached();
        String patient = BearerTokenFilter.patientOf(request);
        List<String> types = ReceivedShares.types(ctx, bundle);
        SandboxControl.Refusal refusal = control.shareRefusal();
        List<String> problems = refusal != null ? List.of(refusal.text()) : ReceivedShares.problems(ctx, request.loadRequestContents());
        if (!problems.isEmpty()) {
            throw received.refuse(ctx, "R4", patient, bundle.getType() == null ? null : bundle.getType().toCode(), types, problems, refusal);
        }
        String prefer = request.getHeader("Prefer");
        boolean representation = prefer != null && prefer.replace(" ", "").contains("return=representation");
        boolean batch = bundle.getType() == Bundle.BundleType.BATCH;
        Bundle answer = new Bundle().setType(batch ? Bundle.BundleType.BATCHRESPONSE : Bundle.BundleType.TRANSACTIONRESPONSE);
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            String id = UUID.randomUUID().toString();
            Bundle.BundleEntryComponent out = answer.addEntry();
            out.getResponse().setStatus("201 Created").setLocation(e.getResource().fhirType() + "/" + id + "/_history/1");
            if (representation) {
                if ("Communication".equals(e.getResource().fhirType())) {
                    OperationOutcome oo = new OperationOutcome();
                    oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                            .getDetails().setText(ReceivedShares.CORRECTION_RECEIVED);
                    out.setResource(oo);
                } else {
                    Resource created = e.getResource().copy();
                    created.setId(id);
                    out.setResource(created);
                }
            }
        }
        received.record(new ReceivedShares.Received(Instant.now(), "R4", patient, bundle.getType().toCode(), types, 200, List.of()));
        return answer;
    }
}
