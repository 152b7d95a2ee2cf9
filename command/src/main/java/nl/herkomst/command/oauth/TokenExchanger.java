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

    /** A token; {@code refreshToken} is present only when the person gave long-term consent. Neither is ever printed. */
    public record Granted(String accessToken, Instant expiresAt, String scope, String refreshToken) implements Result {
        public boolean refreshTokenIssued() {
            return refreshToken != null && !refreshToken.isBlank();
        }

        @Override
        public String toString() {
            return "Granted[expiresAt=" + expiresAt + ", scope=" + scope + ", refreshToken=" + (refreshTokenIssued() ? "issued" : "none") + "]";
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
        return exchange(request(c), code, codeVerifier, now);
    }

    public static Request request(CollectionRequested c) {
        return new Request(c.provider(), c.authorizationEndpoint(), c.tokenEndpoint(), c.clientId(), c.redirectUri(), c.scope(),
                c.stateHash(), c.correlationId());
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
        return answer(collection.scope(), now, () -> client.getTokenResponse(
                new OAuth2AuthorizationCodeGrantRequest(registration, new OAuth2AuthorizationExchange(request, response))));
    }

    /**
     * Long-term consent: a new access token for a refresh token, without the person (RFC 6749 §6: {@code grant_type=refresh_token},
     * {@code refresh_token}, {@code client_id}; the client is authenticated by its TLS certificate). The provider may rotate the
     * refresh token: the new one is in the answer, else the old one stays valid.
     */
    public Result refresh(Request consent, String refreshToken, Instant now) {
        try {
            ProviderHttp.requireHttps(java.net.URI.create(consent.tokenEndpoint()));
        } catch (IllegalArgumentException e) {
            return new Failed(null, "invalid_endpoint", e.getMessage());
        }
        org.springframework.util.LinkedMultiValueMap<String, String> form = new org.springframework.util.LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        form.add("client_id", consent.clientId());
        return answer(consent.scope(), now, () -> restClient().post().uri(consent.tokenEndpoint())
                .headers(h -> {
                    h.set("MedMij-Request-ID", UUID.randomUUID().toString());
                    h.set("X-Correlation-ID", consent.correlationId());
                    h.setAccept(java.util.List.of(org.springframework.http.MediaType.APPLICATION_JSON));
                })
                .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .retrieve()
                .body(OAuth2AccessTokenResponse.class));
    }

    private Result answer(String requestedScope, Instant now, java.util.function.Supplier<OAuth2AccessTokenResponse> call) {
        try {
            OAuth2AccessTokenResponse token = call.get();
            if (token == null) {
                return new Failed(null, "invalid_token_response", "the token endpoint answered without a body");
            }
            Instant expires = token.getAccessToken().getExpiresAt();
            if (expires == null) {
                expires = now.plus(DEFAULT_LIFETIME);
            }
            Set<String> scopes = token.getAccessToken().getScopes();
            String scope = scopes == null || scopes.isEmpty() ? requestedScope : String.join(" ", scopes);
            return new Granted(token.getAccessToken().getTokenValue(), expires, scope,
                    token.getRefreshToken() == null ? null : token.getRefreshToken().getTokenValue());
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
