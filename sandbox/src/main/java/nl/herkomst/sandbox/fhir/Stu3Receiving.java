package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.herkomst.sandbox.SandboxControl;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.OperationOutcome;

/** Delen on the STU3 server (measurements, documents): checks, records and answers a POSTed batch or transaction. */
public class Stu3Receiving {

    private final ReceivedShares received;
    private final SandboxControl control;

    public Stu3Receiving(ReceivedShares received, SandboxControl control) {
        this.received = received;
        this.control = control;
    }

    @Transaction
    public Bundle receive(@TransactionParam Bundle bundle, RequestDetails request) {
        FhirContext ctx = FhirContext.forDstu3Cached();
        String patient = BearerTokenFilter.patientOf(request);
        List<String> types = ReceivedShares.types(ctx, bundle);
        SandboxControl.Refusal refusal = control.shareRefusal();
        List<String> problems = refusal != null ? List.of(refusal.text()) : ReceivedShares.problems(ctx, request.loadRequestContents());
        if (!problems.isEmpty()) {
            throw received.refuse(ctx, "STU3", patient, bundle.getType() == null ? null : bundle.getType().toCode(), types, problems, refusal);
        }
        boolean batch = bundle.getType() == Bundle.BundleType.BATCH;
        Bundle answer = new Bundle().setType(batch ? Bundle.BundleType.BATCHRESPONSE : Bundle.BundleType.TRANSACTIONRESPONSE);
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            String id = UUID.randomUUID().toString();
            answer.addEntry().getResponse().setStatus("201 Created").setLocation(e.getResource().fhirType() + "/" + id + "/_history/1");
        }
        OperationOutcome confirmation = new OperationOutcome();
        confirmation.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION).setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .getDetails().setText(ReceivedShares.CONFIRMATION);
        if (!answer.getEntry().isEmpty()) {
            answer.getEntryFirstRep().getResponse().setOutcome(confirmation);
        }
        received.record(new ReceivedShares.Received(Instant.now(), "STU3", patient, bundle.getType().toCode(), types, 200, List.of()));
        return answer;
    }

}
