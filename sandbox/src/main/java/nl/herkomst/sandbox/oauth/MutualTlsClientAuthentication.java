package nl.herkomst.sandbox.oauth;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A MedMij token request carries {@code client_id} and no secret: the client is authenticated by its TLS
 * client certificate, which {@link nl.herkomst.sandbox.tls.MutualTls} has already checked to name that client.
 * Such a client is confidential (authenticated by its certificate, as {@code tls_client_auth} is), so it may be given refresh tokens (long-term
 * consent) and use them ({@code grant_type=refresh_token}). PKCE, when the authorization request had a
 * {@code code_challenge}, is verified here as Spring Authorization Server does for its own client types.
 */
public final class MutualTlsClientAuthentication {

    private static final String CERTIFICATE = "jakarta.servlet.request.X509Certificate";

    /**
     * The client authentication method of these requests. Not Spring's {@code tls_client_auth}: its own provider for that
     * method checks a configured subject DN and would answer every failure here (an unknown code) with invalid_client.
     */
    public static final ClientAuthenticationMethod MUTUAL_TLS = new ClientAuthenticationMethod("medmij_mutual_tls");

    private MutualTlsClientAuthentication() {
    }

    public static AuthenticationConverter converter() {
        return (HttpServletRequest request) -> {
            String grant = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
            X509Certificate[] chain = (X509Certificate[]) request.getAttribute(CERTIFICATE);
            if (!"POST".equals(request.getMethod()) || chain == null || chain.length == 0
                    || !("authorization_code".equals(grant) || "refresh_token".equals(grant))
                    || request.getHeader("Authorization") != null || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
                return null;
            }
            String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
            if (clientId == null) {
                return null;
            }
            Map<String, Object> parameters = new HashMap<>();
            parameters.put(OAuth2ParameterNames.GRANT_TYPE, grant);
            for (String name : new String[] {OAuth2ParameterNames.CODE, PkceParameterNames.CODE_VERIFIER}) {
                if (request.getParameter(name) != null) {
                    parameters.put(name, request.getParameter(name));
                }
            }
            return new OAuth2ClientAuthenticationToken(clientId, MUTUAL_TLS, chain, parameters);
        };
    }

    public static AuthenticationProvider provider(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
                if (!MUTUAL_TLS.equals(token.getClientAuthenticationMethod()) || token.isAuthenticated()) {
                    return null;
                }
                RegisteredClient client = clients.findByClientId(String.valueOf(token.getPrincipal()));
                if (client == null || !client.getClientAuthenticationMethods().contains(MUTUAL_TLS)) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT));
                }
                Map<String, Object> p = token.getAdditionalParameters();
                if ("authorization_code".equals(p.get(OAuth2ParameterNames.GRANT_TYPE))) {
                    verifyPkce(authorizations, (String) p.get(OAuth2ParameterNames.CODE), (String) p.get(PkceParameterNames.CODE_VERIFIER));
                } else if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT));
                }
                return new OAuth2ClientAuthenticationToken(client, MUTUAL_TLS, token.getCredentials());
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    /** The code's authorization request had a challenge: the verifier must match it (S256 or plain); had none: no verifier is needed. */
    static void verifyPkce(OAuth2AuthorizationService authorizations, String code, String verifier) {
        OAuth2Authorization authorization = code == null ? null : authorizations.findByToken(code, new OAuth2TokenType(OAuth2ParameterNames.CODE));
        if (authorization == null) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT));
        }
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        Object challenge = request == null ? null : request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE);
        if (challenge == null) {
            return;
        }
        Object method = request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE_METHOD);
        if (verifier == null) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                    "code_verifier required: the code was requested with a code_challenge", null));
        }
        String expected = "plain".equals(method) ? verifier : s256(verifier);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), String.valueOf(challenge).getBytes(StandardCharsets.US_ASCII))) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "code_verifier does not match", null));
        }
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
