package nl.herkomst.sandbox.tls;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The back channel of the sandbox (token endpoint, FHIR) requires mutual TLS, as MedMij does: the
 * connection must have presented a client certificate (Tomcat has checked it against the sandbox's CA), and
 * that certificate must name the PGO's client id (its host name on the OAuth client list). Without one the
 * request is refused before anything else looks at it: 401 {@code invalid_client} on the token endpoint, 403
 * with an OperationOutcome on FHIR.
 */
public final class MutualTls extends OncePerRequestFilter {

    private final String clientId;

    public MutualTls(String clientId) {
        this.clientId = clientId;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        X509Certificate[] chainPresented = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        String problem = chainPresented == null || chainPresented.length == 0 ? "no client certificate was presented (mutual TLS is required)"
                : names(chainPresented[0], clientId) ? null : "the client certificate does not name " + clientId;
        if (problem == null) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getRequestURI().endsWith("/oauth2/token")) {
            response.setStatus(401);
            response.setContentType("application/json");
            response.getOutputStream().write(("{\"error\":\"invalid_client\",\"error_description\":\"" + problem + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setStatus(403);
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.getOutputStream().write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"security\","
                + "\"diagnostics\":\"" + problem + "\"}]}").getBytes(StandardCharsets.UTF_8));
    }

    static boolean names(X509Certificate certificate, String host) {
        try {
            if (certificate.getSubjectAlternativeNames() == null) {
                return false;
            }
            for (List<?> name : certificate.getSubjectAlternativeNames()) {
                if (Integer.valueOf(2).equals(name.get(0)) && host.equalsIgnoreCase(String.valueOf(name.get(1)))) {
                    return true;
                }
            }
            return false;
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
