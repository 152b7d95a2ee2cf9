package nl.herkomst.sandbox.oauth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
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
 * A MedMij token request carries {@code client_id} and no secret (the client is authenticated by mutual
 * TLS) and may come without PKCE. Spring Authorization Server accepts a public client only with PKCE;
 * this converter and provider accept the code exchange without it, but never for a code that was
 * requested with a {@code code_challenge}.
 */
public final class NoPkcePublicClientAuthentication {

    private NoPkcePublicClientAuthentication() {
    }

    public static AuthenticationConverter converter() {
        return (HttpServletRequest request) -> {
            if (!"POST".equals(request.getMethod()) || !"authorization_code".equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                    || request.getHeader("Authorization") != null || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                    || request.getParameter(PkceParameterNames.CODE_VERIFIER) != null) {
                return null;
            }
            String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
            String code = request.getParameter(OAuth2ParameterNames.CODE);
            if (clientId == null || code == null) {
                return null;
            }
            return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null,
                    Map.of(OAuth2ParameterNames.CODE, code));
        };
    }

    public static AuthenticationProvider provider(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
                if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())
                        || token.getAdditionalParameters().containsKey(PkceParameterNames.CODE_VERIFIER)
                        || !token.getAdditionalParameters().containsKey(OAuth2ParameterNames.CODE)) {
                    return null;
                }
                RegisteredClient client = clients.findByClientId(String.valueOf(token.getPrincipal()));
                if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
                        || client.getClientSettings().isRequireProofKey()) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT));
                }
                OAuth2Authorization authorization = authorizations.findByToken(
                        (String) token.getAdditionalParameters().get(OAuth2ParameterNames.CODE), new OAuth2TokenType(OAuth2ParameterNames.CODE));
                if (authorization == null) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT));
                }
                OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
                if (request != null && request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE) != null) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                            "code_verifier required: the code was requested with a code_challenge", null));
                }
                return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }
}
