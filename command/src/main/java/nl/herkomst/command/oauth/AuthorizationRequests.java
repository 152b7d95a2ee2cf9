package nl.herkomst.command.oauth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;

/**
 * The MedMij authorization request (medmij.md §2.2), the same for collecting and sharing: response_type
 * code, client_id, redirect_uri, one scope, a fresh state, PKCE, and the correlation parameters
 * {@code MedMij-Request-ID} and {@code X-Correlation-ID} on the front channel.
 */
public final class AuthorizationRequests {

    public static final String REQUEST_ID = "MedMij-Request-ID";
    public static final String CORRELATION_ID = "X-Correlation-ID";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param state never stored: only its SHA-256 is kept */
    public record Prepared(String url, String state, String codeVerifier, String correlationId, String requestId) {
        @Override
        public String toString() {
            return "Prepared[correlationId=" + correlationId + "]";
        }
    }

    private AuthorizationRequests() {
    }

    public static Prepared prepare(String authorizationEndpoint, String clientId, String redirectUri, String scope) {
        String state = randomToken();
        String correlationId = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(REQUEST_ID, requestId);
        extra.put(CORRELATION_ID, correlationId);
        OAuth2AuthorizationRequest.Builder builder = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(authorizationEndpoint)
                .clientId(clientId)
                .redirectUri(redirectUri)
                .scopes(Set.of(scope))
                .state(state)
                .additionalParameters(extra);
        OAuth2AuthorizationRequestCustomizers.withPkce().accept(builder);
        OAuth2AuthorizationRequest request = builder.build();
        return new Prepared(request.getAuthorizationRequestUri(), state, request.getAttribute(PkceParameterNames.CODE_VERIFIER), correlationId,
                requestId);
    }

    /** Release 1.1+ scope: the provider name without {@code @medmij}, a tilde, the GegevensdienstId. */
    public static String scopeOf(String provider, String gegevensdienst) {
        String name = provider.endsWith("@medmij") ? provider.substring(0, provider.length() - "@medmij".length()) : provider;
        return name + "~" + gegevensdienst;
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
