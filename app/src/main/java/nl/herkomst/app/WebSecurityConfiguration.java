package nl.herkomst.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nl.herkomst.query.graphql.HerkomstGraphQl;
import nl.herkomst.query.web.ApiInputConfiguration;
import nl.herkomst.sandbox.demo.DemoApiTokens;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The API is an OAuth 2 resource server: every request but the browser's callback, health and the API
 * description carries a JWT of the configured issuer ({@code herkomst.api.jwt.*}; in the default run the
 * sandbox's demo issuer, trusted only while the sandbox runs). Roles come from the token's {@code roles}
 * claim:
 * <ul>
 * <li>PERSON: {@code /api/persons/{p}/**} and GraphQL, only for {@code p} = the token's subject;</li>
 * <li>SUPPORT: {@code /api/support/**};</li>
 * <li>AUDITOR: {@code GET /api/audit/**} (read-only);</li>
 * <li>ADMIN: {@code /api/admin/**}, {@code POST /api/lists/refresh}, the actuator's other endpoints.</li>
 * </ul>
 * The lists and the provider directory ({@code GET /api/lists}, {@code /api/providers}) are for every role.
 * Stateless, no sessions, no CSRF (no cookies are used). Refusals are problem details: 401 with
 * {@code WWW-Authenticate: Bearer}, 403.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
public class WebSecurityConfiguration {

    public static final List<String> ROLES = List.of("PERSON", "SUPPORT", "AUDITOR", "ADMIN");

    @Bean
    SecurityFilterChain api(HttpSecurity http, JwtDecoder apiTokenDecoder, Environment env) throws Exception {
        String rolesClaim = env.getProperty("herkomst.api.jwt.roles-claim", "roles");
        org.springframework.security.web.AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            ApiInputConfiguration.problem(response, 401, "UNAUTHENTICATED", "a valid API token (Authorization: Bearer) is required");
        };
        org.springframework.security.web.access.AccessDeniedHandler forbidden = (request, response, e) ->
                ApiInputConfiguration.problem(response, 403, "FORBIDDEN", "this token's role or subject may not use this endpoint");
        http.authorizeHttpRequests(a -> a
                .dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ERROR).permitAll()
                .requestMatchers("/error").denyAll()
                .requestMatchers("/oauth/callback", "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
                        "/swagger-ui.html", "/swagger-ui/**").permitAll()
                .requestMatchers(HttpMethod.DELETE, "/api/persons/{personId}").access(ownPersonOrAdmin())
                .requestMatchers("/api/persons/{personId}", "/api/persons/{personId}/**").access(ownPerson())
                .requestMatchers("/api/support/**").hasRole("SUPPORT")
                .requestMatchers(HttpMethod.GET, "/api/audit/**").hasRole("AUDITOR")
                .requestMatchers(HttpMethod.HEAD, "/api/audit/**").hasRole("AUDITOR")
                .requestMatchers("/api/audit/**").denyAll()
                .requestMatchers("/api/admin/**").hasRole("ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/lists/refresh").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/lists", "/api/providers").hasAnyRole(ROLES.toArray(String[]::new))
                .requestMatchers("/graphql", "/graphql/**").hasRole("PERSON")
                .requestMatchers("/actuator/**").hasRole("ADMIN")
                .anyRequest().authenticated());
        http.oauth2ResourceServer(o -> o
                .jwt(j -> j.decoder(apiTokenDecoder).jwtAuthenticationConverter(jwt -> new JwtAuthenticationToken(jwt, roles(jwt, rolesClaim),
                        jwt.getSubject())))
                .authenticationEntryPoint(unauthenticated)
                .accessDeniedHandler(forbidden));
        http.exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden));
        // the caller, for the access log: the token's subject, once the token has been verified
        http.addFilterAfter(new org.springframework.web.filter.OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                            jakarta.servlet.FilterChain chain) throws jakarta.servlet.ServletException, java.io.IOException {
                if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken jwt) {
                    request.setAttribute(nl.herkomst.query.access.AccessLogInterceptor.ACTOR, jwt.getToken().getSubject());
                }
                chain.doFilter(request, response);
            }
        }, org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter.class);
        http.csrf(c -> c.disable());
        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        http.headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .contentSecurityPolicy(c -> c.policyDirectives("frame-ancestors 'none'")));
        return http.build();
    }

    /** A person's own data: the PERSON role and the path's person id equal to the token's subject. */
    static AuthorizationManager<RequestAuthorizationContext> ownPerson() {
        return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) -> {
            Authentication a = authentication.get();
            if (a == null || !a.isAuthenticated() || !(a instanceof JwtAuthenticationToken jwt)) {
                return new AuthorizationDecision(false);
            }
            boolean person = jwt.getAuthorities().stream().anyMatch(g -> g.getAuthority().equals("ROLE_PERSON"));
            String asked = context.getVariables().get("personId");
            return new AuthorizationDecision(person && asked != null && asked.equals(jwt.getToken().getSubject()));
        };
    }

    /** An erasure: the person themselves, or an administrator (on the person's request). */
    static AuthorizationManager<RequestAuthorizationContext> ownPersonOrAdmin() {
        AuthorizationManager<RequestAuthorizationContext> own = ownPerson();
        return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) -> {
            Authentication a = authentication.get();
            if (a instanceof JwtAuthenticationToken jwt && jwt.isAuthenticated()
                    && jwt.getAuthorities().stream().anyMatch(g -> g.getAuthority().equals("ROLE_ADMIN"))) {
                return new AuthorizationDecision(true);
            }
            return own.authorize(authentication, context);
        };
    }

    static Collection<GrantedAuthority> roles(Jwt jwt, String claim) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        Object value = jwt.getClaims().get(claim);
        if (value instanceof Collection<?> roles) {
            for (Object r : roles) {
                if (r instanceof String role && ROLES.contains(role)) {
                    authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
                }
            }
        }
        return authorities;
    }

    /**
     * The issuer the API trusts: {@code herkomst.api.jwt.jwk-set-uri} with {@code herkomst.api.jwt.issuer} (and
     * {@code audience}); when none is configured and the sandbox runs beside the backend, the sandbox's demo
     * issuer (its key read in-process). Without either the application does not start.
     */
    @Bean
    JwtDecoder apiTokenDecoder(Environment env, ObjectProvider<SandboxLauncher> sandbox) {
        String jwks = env.getProperty("herkomst.api.jwt.jwk-set-uri", "");
        String publicKey = env.getProperty("herkomst.api.jwt.public-key", "");
        String audience = env.getProperty("herkomst.api.jwt.audience", DemoApiTokens.AUDIENCE);
        if (!publicKey.isBlank()) {
            // the issuer's RSA public key from a PEM file (no key set to fetch)
            String issuer = env.getProperty("herkomst.api.jwt.issuer", "");
            if (issuer.isBlank()) {
                throw new IllegalStateException("herkomst.api.jwt.issuer is required with herkomst.api.jwt.public-key");
            }
            try {
                byte[] der = java.util.Base64.getMimeDecoder().decode(java.nio.file.Files.readString(java.nio.file.Path.of(publicKey))
                        .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
                java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                        .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
                NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).build();
                decoder.setJwtValidator(validator(issuer, audience));
                return decoder;
            } catch (java.io.IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("herkomst.api.jwt.public-key: not a readable RSA public key (PEM): " + publicKey, e);
            }
        }
        if (!jwks.isBlank()) {
            String issuer = env.getProperty("herkomst.api.jwt.issuer", "");
            if (issuer.isBlank()) {
                throw new IllegalStateException("herkomst.api.jwt.issuer is required with herkomst.api.jwt.jwk-set-uri");
            }
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwks).build();
            decoder.setJwtValidator(validator(issuer, audience));
            return decoder;
        }
        if (sandbox.getIfAvailable() == null) {
            throw new IllegalStateException("the API needs an issuer of API tokens: set herkomst.api.jwt.jwk-set-uri (or herkomst.api.jwt.public-key) "
                    + "and herkomst.api.jwt.issuer");
        }
        return new JwtDecoder() {
            private volatile NimbusJwtDecoder delegate;

            @Override
            public Jwt decode(String token) {
                NimbusJwtDecoder d = delegate;
                if (d == null) {
                    DemoApiTokens tokens = sandbox.getObject().context().getBean(DemoApiTokens.class);
                    d = NimbusJwtDecoder.withPublicKey(tokens.publicKey()).build();
                    d.setJwtValidator(validator(tokens.issuer(), audience));
                    delegate = d;
                }
                return d.decode(token);
            }
        };
    }

    private static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        OAuth2TokenValidator<Jwt> audienceCheck = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is not for this API", null));
        OAuth2TokenValidator<Jwt> expires = jwt -> jwt.getExpiresAt() != null ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no expiry", null));
        // the subject is the actor of the access log and, for a person, their id: never a BSN (the PGO processes none)
        OAuth2TokenValidator<Jwt> subject = jwt -> jwt.getSubject() == null || jwt.getSubject().isBlank()
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no subject", null))
                : jwt.getSubject().strip().codePoints().filter(Character::isDigit).count() == 9
                        && jwt.getSubject().strip().codePoints().allMatch(Character::isDigit)
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token's subject looks like a BSN (nine digits, in any script)", null))
                : OAuth2TokenValidatorResult.success();
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer), audienceCheck, expires, subject);
    }

    /** The token's subject in the GraphQL context: resolvers let a person read only their own data. */
    @Bean
    WebGraphQlInterceptor graphQlSubject() {
        return (request, chain) -> {
            Authentication a = SecurityContextHolder.getContext().getAuthentication();
            if (a instanceof JwtAuthenticationToken jwt) {
                request.configureExecutionInput((input, builder) -> builder.graphQLContext(Map.of(HerkomstGraphQl.SUBJECT,
                        jwt.getToken().getSubject())).build());
            }
            // a stream only where it is asked for by name (curl's */* gets JSON, so it gets the error too)
            boolean stream = request.getHeaders().getAccept().stream().anyMatch(m -> "text".equals(m.getType()) && "event-stream".equals(m.getSubtype()));
            return chain.next(request).map(response -> {
                if (!stream && response.getExecutionResult().getData() instanceof org.reactivestreams.Publisher<?>) {
                    // a subscription asked over plain HTTP: its stream would be written as an object; say how to ask instead
                    return response.transform(b -> b.data(null).errors(List.of(graphql.GraphqlErrorBuilder.newError()
                            .message("a subscription is served as a stream: ask with Accept: text/event-stream")
                            .extensions(Map.of("code", "SUBSCRIPTION_NEEDS_STREAM")).build())));
                }
                return response;
            });
        };
    }

    /** Requests the firewall rejects (encoded dots, semicolons, ...) get problem details like every other error. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, e) -> ApiInputConfiguration.problem(response, 400, "REQUEST_REJECTED", "the request URL is not acceptable");
    }
}
