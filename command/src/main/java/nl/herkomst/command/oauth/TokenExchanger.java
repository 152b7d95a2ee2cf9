package nl.herkomst.command.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.command.http.HostGate;
import nl.herkomst.command.http.ProviderHttp;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Exchanges an authorization code at the provider's token endpoint (medmij.md §2.5): a form-encoded POST
 * with grant_type, code, client_id, redirect_uri and the PKCE code verifier; no client secret (MedMij
 * authenticates the client by mutual TLS). Sends MedMij-Request-ID (fresh) and X-Correlation-ID (the
 * collection's).
 */
public class TokenExchanger {

    /** What came back: a token, or the reason it did not. */
    public sealed interface Result permits Granted, Failed {
    }

    public record Granted(String accessToken, Instant expiresAt, String scope, boolean refreshTokenIssued) implements Result {
        @Override
        public String toString() {
            return "Granted[expiresAt=" + expiresAt + ", scope=" + scope + "]";
        }
    }

    public record Failed(Integer httpStatus, String error, String description) implements Result {
    }

    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);

    private final ProviderHttp http;
    private final Duration timeout;

    public TokenExchanger(ProviderHttp http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** The parts of an authorization request the token request repeats (a collection's or a share's). */
    public record Request(String provider, String authorizationEndpoint, String tokenEndpoint, String clientId, String redirectUri, String scope,
                          String stateHash, String correlationId) {
    }

    public Result exchange(CollectionRequested c, String code, String codeVerifier, Instant now) {
        return exchange(new Request(c.provider(), c.authorizationEndpoint(), c.tokenEndpoint(), c.clientId(), c.redirectUri(), c.scope(),
                c.stateHash(), c.correlationId()), code, codeVerifier, now);
    }

    public Result exchange(Request collection, String code, String codeVerifier, Instant now) {
        try {
            ProviderHttp.requireHttps(java.net.URI.create(collection.tokenEndpoint()));
        } catch (IllegalArgumentException e) {
            return new Failed(null, "invalid_endpoint", e.getMessage());
        }
        ClientRegistration registration = ClientRegistration.withRegistrationId(collection.provider())
                .clientId(collection.clientId())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(collection.redirectUri())
                .authorizationUri(collection.authorizationEndpoint())
                .tokenUri(collection.tokenEndpoint())
                .scope(collection.scope())
                .build();
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(collection.authorizationEndpoint())
                .clientId(collection.clientId())
                .redirectUri(collection.redirectUri())
                .scopes(Set.of(collection.scope()))
                .state(collection.stateHash())
                .attributes(a -> {
                    if (codeVerifier != null) {
                        a.put(PkceParameterNames.CODE_VERIFIER, codeVerifier);
                    }
                })
                .build();
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(code)
                .redirectUri(collection.redirectUri())
                .state(collection.stateHash())
                .build();

        RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(restClient());
        client.addHeadersConverter(grant -> {
            HttpHeaders h = new HttpHeaders();
            h.set("MedMij-Request-ID", UUID.randomUUID().toString());
            h.set("X-Correlation-ID", collection.correlationId());
            return h;
        });
        try {
            OAuth2AccessTokenResponse token = client.getTokenResponse(
                    new OAuth2AuthorizationCodeGrantRequest(registration, new OAuth2AuthorizationExchange(request, response)));
            Instant expires = token.getAccessToken().getExpiresAt();
            if (expires == null) {
                expires = now.plus(DEFAULT_LIFETIME);
            }
            Set<String> scopes = token.getAccessToken().getScopes();
            String scope = scopes == null || scopes.isEmpty() ? collection.scope() : String.join(" ", scopes);
            return new Granted(token.getAccessToken().getTokenValue(), expires, scope, token.getRefreshToken() != null);
        } catch (OAuth2AuthorizationException e) {
            return refusedByGate(e).or(() -> tooLarge(e)).or(() -> unreachable(e))
                    .orElseGet(() -> new Failed(null, e.getError().getErrorCode(), truncate(e.getError().getDescription())));
        } catch (RestClientException | ProviderHttp.TransportException e) {
            return refusedByGate(e).or(() -> tooLarge(e)).orElseGet(() -> new Failed(null, "token_endpoint_unreachable", truncate(e.getMessage())));
        } catch (RuntimeException e) {
            // e.g. a token endpoint the client cannot address (a port out of range)
            return new Failed(null, "token_endpoint_unreachable", truncate(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private RestClient restClient() {
        return http.restClient(timeout)
                .configureMessageConverters(c -> c
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
    }

    /** No answer came (connection refused, timeout): Spring wraps that as invalid_token_response; it is our side's technical error. */
    private static java.util.Optional<Result> unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.web.client.ResourceAccessException || t instanceof java.io.IOException) {
                return java.util.Optional.of(new Failed(null, "token_endpoint_unreachable", truncate(t.getMessage())));
            }
        }
        return java.util.Optional.empty();
    }

    /** The token endpoint answered with more than a token response can be: a failure, recorded, not read on. */
    private static java.util.Optional<Result> tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProviderHttp.ResponseTooLargeException big) {
                return java.util.Optional.of(new Failed(null, "token_response_too_large", big.getMessage()));
            }
        }
        return java.util.Optional.empty();
    }

    /** The Whitelist refused the token endpoint's host: no connection was opened. */
    private static java.util.Optional<Result> refusedByGate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HostGate.HostRefusedException refused) {
                return java.util.Optional.of(new Failed(null, "host_not_whitelisted", truncate(refused.getMessage())));
            }
        }
        return java.util.Optional.empty();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300);
    }
}
