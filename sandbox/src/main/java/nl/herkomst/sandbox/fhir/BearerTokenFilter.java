package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import nl.herkomst.sandbox.SandboxControl;
import ca.uhn.fhir.util.OperationOutcomeUtil;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * In front of the FHIR server: the token is the patient. Every request but {@code /metadata} needs
 * {@code Authorization: Bearer}, and the token decides whose resources are visible. Also produces the
 * failures set in {@link SandboxControl}. Refusals are answered here with an OperationOutcome, so they are
 * ordinary answers and not errors in the log.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

    static final String PATIENT = "herkomst.sandbox.patient";

    private final FhirContext ctx;
    private final Function<String, Optional<String>> patientOfToken;
    private final SandboxControl control;
    private final RequestLog log;

    public BearerTokenFilter(FhirContext ctx, Function<String, Optional<String>> patientOfToken, SandboxControl control, RequestLog log) {
        this.ctx = ctx;
        this.patientOfToken = patientOfToken;
        this.control = control;
        this.log = log;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        // a POST (a shared Bundle) is kept as received, for the dry run's asserts on the request
        org.springframework.web.util.ContentCachingRequestWrapper received = "POST".equals(request.getMethod())
                ? new org.springframework.web.util.ContentCachingRequestWrapper(request, 64 * 1024 * 1024) : null;
        try {
            gate(received != null ? received : request, recorded, chain);
        } finally {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.put(name, request.getHeader(name));
            }
            String query = request.getQueryString() == null ? "" : "?" + URLDecoder.decode(request.getQueryString(), StandardCharsets.UTF_8);
            log.record(request.getMethod(), URLDecoder.decode(request.getRequestURI(), StandardCharsets.UTF_8) + query, headers,
                    recorded.getStatus(), recorded.getContentType(), recorded.getContentAsByteArray(),
                    received == null ? new byte[0] : received.getContentAsByteArray());
            recorded.copyBodyToResponse();
        }
    }

    private void gate(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String first = path.replaceFirst("^/", "").replaceFirst("[/?].*", "");
        if (first.equals("metadata")) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            answer(response, 401, "security", "Bearer token required");
            return;
        }
        Optional<String> patient = patientOfToken.apply(header.substring(7).trim());
        if (patient.isEmpty()) {
            answer(response, 401, "security", "invalid or expired token");
            return;
        }
        request.setAttribute(PATIENT, patient.get());
        if (request.getParameter("_getpages") != null && control.failPages()) {
            answer(response, 500, "exception", "Sandbox: simulated failure for a later page");
            return;
        }
        SandboxControl.Failure failure = control.failureFor(first);
        if (failure != null) {
            answer(response, failure.status(), failure.issueCode(),
                    "Sandbox: simulated failure for " + first);
            return;
        }
        chain.doFilter(request, response);
    }

    private void answer(HttpServletResponse response, int status, String code, String text) throws IOException {
        IBaseOperationOutcome outcome = OperationOutcomeUtil.newInstance(ctx);
        OperationOutcomeUtil.addIssue(ctx, outcome, "error", text, null, code);
        response.setStatus(status);
        response.setContentType("application/fhir+json;charset=UTF-8");
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getOutputStream().write(ctx.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8));
    }

    static String patientOf(ca.uhn.fhir.rest.api.server.RequestDetails request) {
        if (request instanceof ca.uhn.fhir.rest.server.servlet.ServletRequestDetails servlet) {
            return (String) servlet.getServletRequest().getAttribute(PATIENT);
        }
        return null;
    }
}
