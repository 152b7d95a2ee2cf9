package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.util.Optional;
import java.util.function.Function;
import nl.herkomst.sandbox.SandboxControl;
import org.hl7.fhir.dstu3.model.OperationOutcome;

/**
 * The token is the patient: every request but {@code /metadata} needs {@code Authorization: Bearer}, and
 * the token decides whose resources are visible. Also produces the failures set in {@link SandboxControl}.
 */
@Interceptor
public class BearerTokenInterceptor {

    static final String PATIENT = "herkomst.sandbox.patient";

    private final Function<String, Optional<String>> patientOfToken;
    private final SandboxControl control;

    public BearerTokenInterceptor(Function<String, Optional<String>> patientOfToken, SandboxControl control) {
        this.patientOfToken = patientOfToken;
        this.control = control;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean authorize(RequestDetails request) {
        if (request.getRestOperationType() == RestOperationTypeEnum.METADATA) {
            return true;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationException("Bearer token required");
        }
        String patient = patientOfToken.apply(header.substring(7).trim())
                .orElseThrow(() -> new AuthenticationException("invalid or expired token"));
        request.getUserData().put(PATIENT, patient);
        if (request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE && control.failPages()) {
            throw failure(new SandboxControl.Failure(500, "exception"), "a later page");
        }
        SandboxControl.Failure failure = control.failureFor(request.getResourceName());
        if (failure != null) {
            throw failure(failure, request.getResourceName());
        }
        return true;
    }

    private static UnclassifiedServerFailureException failure(SandboxControl.Failure failure, String what) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.fromCode(failure.issueCode()))
                .setDiagnostics("Sandbox: simulated failure for " + what);
        return new UnclassifiedServerFailureException(failure.status(), "Sandbox: simulated failure for " + what, outcome);
    }

    static String patientOf(RequestDetails request) {
        return (String) request.getUserData().get(PATIENT);
    }
}
