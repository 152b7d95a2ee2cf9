package nl.herkomst.sandbox;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.herkomst.sandbox.fhir.BearerTokenFilter;
import nl.herkomst.sandbox.fhir.FixtureStore;
import nl.herkomst.sandbox.fhir.RequestLog;
import nl.herkomst.sandbox.fhir.ReceivedShares;
import nl.herkomst.sandbox.fhir.SandboxFhirServer;
import nl.herkomst.sandbox.lists.SandboxLists;
import nl.herkomst.sandbox.oauth.NoPkcePublicClientAuthentication;
import nl.herkomst.sandbox.tls.SandboxTls;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The sandbox provider (a DVA): a MedMij-style OAuth authorization server, a FHIR server answering from
 * fixture folders, and the MedMij lists that describe it, on HTTPS with a CA of its own. It runs as its
 * own Spring application on its own port (started by the backend when {@code herkomst.sandbox.enabled}),
 * keeps its state in memory, and never touches the backend's database.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({
        org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration.class,
        org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration.class,
        org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class,
        org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration.class,
        org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class,
        org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class,
        org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration.class,
        org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration.class,
        org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class,
        org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration.class,
        org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration.class,
        org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration.class,
        org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration.class
})
public class SandboxApplication {

    public static final String PROVIDER = "sandbox@medmij";
    /**
     * The GegevensdienstId the sandbox gives Vaccination-Immunization 2.x (R4). UNVERIFIED: the material has
     * no Catalogus id for it; the backend's configuration uses the same placeholder.
     */
    public static final String IMMUNIZATION = "vaccinatie-immunisatie";
    /** Medicatieproces 9 3.0 (R4); UNVERIFIED placeholder id, as for {@link #IMMUNIZATION}. */
    public static final String MEDICATION = "medicatieproces-9";
    /** Patient corrections 1.x (R4, Delen); UNVERIFIED placeholder id, as for {@link #IMMUNIZATION}. */
    public static final String CORRECTIONS = "dossierwijzigingsverzoek";

    /** Starts the sandbox; {@code settings} are the {@code herkomst.sandbox.*} values (and any Spring setting). */
    public static ConfigurableApplicationContext start(Map<String, Object> settings) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("herkomst.sandbox.port", 8443);
        // a name that meets the MedMij lists' host name rules; browsers (and the backend's own resolver in the
        // default run) resolve *.localhost to the loopback address (RFC 6761)
        p.put("herkomst.sandbox.host", "sandbox.localhost");
        p.put("herkomst.sandbox.tls-dir", "data/sandbox-tls");
        p.put("herkomst.sandbox.fixtures", "classpath:demo-fixtures");
        p.putAll(settings);
        SandboxTls.Files3 tls = SandboxTls.ensure(Path.of(String.valueOf(p.get("herkomst.sandbox.tls-dir"))),
                String.valueOf(p.get("herkomst.sandbox.host")), String.valueOf(p.getOrDefault("herkomst.sandbox.client-id", "herkomst.localhost")));
        p.put("server.port", p.get("herkomst.sandbox.port"));
        p.put("server.address", "127.0.0.1");
        p.put("server.ssl.bundle", "sandbox");
        p.put("spring.ssl.bundle.pem.sandbox.keystore.certificate", "file:" + tls.serverCertificate().toAbsolutePath());
        p.put("spring.ssl.bundle.pem.sandbox.keystore.private-key", "file:" + tls.serverKey().toAbsolutePath());
        // mutual TLS: a client certificate is asked for on every connection and must come from the sandbox's CA;
        // "want", because the person's browser (authorize, login) has none. The back channel requires one (MutualTls).
        p.put("spring.ssl.bundle.pem.sandbox.truststore.certificate", "file:" + tls.caCertificate().toAbsolutePath());
        p.put("server.ssl.client-auth", "want");
        p.put("server.ssl.enabled-protocols", "TLSv1.3,TLSv1.2");
        p.put("server.servlet.session.cookie.name", "SANDBOX_SESSION");
        p.put("spring.config.name", "herkomst-sandbox");
        p.put("spring.main.banner-mode", "off");
        p.put("spring.application.name", "herkomst-sandbox");
        return new SpringApplicationBuilder(SandboxApplication.class)
                .main(SandboxApplication.class)
                .web(WebApplicationType.SERVLET)
                .registerShutdownHook(false)
                // as command-line arguments: they must win over the backend's own environment (SERVER_PORT, …)
                .run(p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    public static void main(String[] args) {
        ConfigurableApplicationContext ctx = start(Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(ctx::close));
    }

    private static String baseUrl(Environment env) {
        return "https://" + env.getProperty("herkomst.sandbox.host", "sandbox.localhost") + ":" + env.getProperty("herkomst.sandbox.port", "8443");
    }

    // ---- fixtures, users, FHIR ------------------------------------------------------------------

    @Bean
    FixtureStore stu3Fixtures(@Value("${herkomst.sandbox.fixtures}") String fixtures, Environment env) {
        return FixtureStore.load(FhirContext.forDstu3Cached(), fixtures, "STU3", testDate(env));
    }

    @Bean
    FixtureStore r4Fixtures(@Value("${herkomst.sandbox.fixtures}") String fixtures, Environment env) {
        return FixtureStore.load(FhirContext.forR4Cached(), fixtures, "R4", testDate(env));
    }

    /** The date T that fixture placeholders are filled against: {@code herkomst.sandbox.test-date}, or today. */
    static LocalDate testDate(Environment env) {
        String date = env.getProperty("herkomst.sandbox.test-date", "");
        return date.isBlank() ? LocalDate.now() : LocalDate.parse(date);
    }

    @Bean
    SandboxUsers sandboxUsers(FixtureStore stu3Fixtures, FixtureStore r4Fixtures, @Value("${herkomst.sandbox.fixtures}") String fixtures,
                              Environment env)
            throws Exception {
        String tokens = env.getProperty("herkomst.sandbox.qualification-tokens", "");
        Path tokensPath = !tokens.isBlank() ? Path.of(tokens)
                : fixtures.startsWith("classpath:") ? null
                : Path.of(fixtures, "Nictiz-testscripts", "Configuration", "QualificationTokens.json");
        InputStream users = null;
        if (fixtures.startsWith("classpath:")) {
            ClassPathResource r = new ClassPathResource(fixtures.substring("classpath:".length()) + "/sandbox-users.json");
            users = r.exists() ? r.getInputStream() : null;
        } else if (Files.isReadable(Path.of(fixtures, "sandbox-users.json"))) {
            users = Files.newInputStream(Path.of(fixtures, "sandbox-users.json"));
        }
        return new SandboxUsers(List.of(stu3Fixtures, r4Fixtures), tokensPath, users);
    }

    @Bean
    SandboxControl sandboxControl(Environment env) {
        SandboxControl control = new SandboxControl();
        String failures = env.getProperty("herkomst.sandbox.failures", "");
        for (String f : failures.split(",")) {
            if (f.contains("=")) {
                control.fail(f.substring(0, f.indexOf('=')).trim(), Integer.parseInt(f.substring(f.indexOf('=') + 1).trim()));
            }
        }
        return control;
    }

    @Bean
    ServletRegistrationBean<SandboxFhirServer> stu3FhirServer(FixtureStore stu3Fixtures, SandboxControl control, ReceivedShares received) {
        return fhirServer("stu3", stu3Fixtures, control, received);
    }

    @Bean
    ServletRegistrationBean<SandboxFhirServer> r4FhirServer(FixtureStore r4Fixtures, SandboxControl control, ReceivedShares received) {
        return fhirServer("r4", r4Fixtures, control, received);
    }

    /** API tokens for the demo users of each role (POST /demo/api-token), for the backend's API in the default run. */
    @Bean
    nl.herkomst.sandbox.demo.DemoApiTokens demoApiTokens(Environment env) {
        return new nl.herkomst.sandbox.demo.DemoApiTokens(baseUrl(env) + "/demo",
                env.getProperty("herkomst.sandbox.api-token-lifetime", java.time.Duration.class, java.time.Duration.ofHours(8)),
                Path.of(env.getProperty("herkomst.sandbox.tls-dir", "data/sandbox-tls"), "api-token-key.pem"));
    }

    /** The back channel (token endpoint, FHIR) only over mutual TLS, with a client certificate naming the PGO's client id. */
    @Bean
    FilterRegistrationBean<nl.herkomst.sandbox.tls.MutualTls> mutualTls(Environment env) {
        FilterRegistrationBean<nl.herkomst.sandbox.tls.MutualTls> bean = new FilterRegistrationBean<>(
                new nl.herkomst.sandbox.tls.MutualTls(env.getProperty("herkomst.sandbox.client-id", "herkomst.localhost")));
        bean.addUrlPatterns("/oauth2/token", "/fhir/*");
        bean.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        bean.setName("mutual-tls");
        return bean;
    }

    /** What the sandbox received as shares (Delen), for GET /sandbox/shares. */
    @Bean
    ReceivedShares receivedShares() {
        return new ReceivedShares();
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> stu3FhirTokens(SandboxUsers users, SandboxControl control,
                                                             OAuth2AuthorizationService authorizations, RequestLog requestLog) {
        return tokenFilter("stu3", FhirContext.forDstu3Cached(), users, control, authorizations, requestLog);
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> r4FhirTokens(SandboxUsers users, SandboxControl control,
                                                           OAuth2AuthorizationService authorizations, RequestLog requestLog) {
        return tokenFilter("r4", FhirContext.forR4Cached(), users, control, authorizations, requestLog);
    }

    /** A FHIR server over one FHIR version's fixtures, at {@code /fhir/<version>}. */
    private static ServletRegistrationBean<SandboxFhirServer> fhirServer(String version, FixtureStore store, SandboxControl control,
                                                                         ReceivedShares received) {
        ServletRegistrationBean<SandboxFhirServer> bean =
                new ServletRegistrationBean<>(new SandboxFhirServer(store.context(), store, control, received), "/fhir/" + version + "/*");
        bean.setName("fhir-" + version);
        bean.setLoadOnStartup(1);
        return bean;
    }

    /** The token check and the exchange recording in front of the FHIR server of one version. */
    private static FilterRegistrationBean<BearerTokenFilter> tokenFilter(String version, FhirContext ctx, SandboxUsers users,
                                                                         SandboxControl control, OAuth2AuthorizationService authorizations,
                                                                         RequestLog requestLog) {
        FilterRegistrationBean<BearerTokenFilter> bean = new FilterRegistrationBean<>(
                new BearerTokenFilter(ctx, token -> patientOfToken(token, users, authorizations), control, requestLog));
        bean.addUrlPatterns("/fhir/" + version + "/*");
        bean.setName("fhir-" + version + "-tokens");
        return bean;
    }

    /** What the FHIR server received and answered, for the qualification dry run. */
    @Bean
    RequestLog requestLog() {
        return new RequestLog(5000);
    }

    static Optional<String> patientOfToken(String token, SandboxUsers users, OAuth2AuthorizationService authorizations) {
        OAuth2Authorization authorization = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
        if (authorization != null && authorization.getAccessToken() != null && authorization.getAccessToken().isActive()) {
            return users.patientOf(authorization.getPrincipalName());
        }
        return users.patientOfQualificationToken(token);
    }

    // ---- lists and control ----------------------------------------------------------------------

    @Bean
    SandboxLists sandboxLists(Environment env) {
        String client = env.getProperty("herkomst.sandbox.client-id", "herkomst.localhost");
        return new SandboxLists(Path.of(env.getProperty("herkomst.sandbox.tls-dir", "data/sandbox-tls")), baseUrl(env), env.getProperty("herkomst.sandbox.host", "sandbox.localhost"), PROVIDER,
                List.of(new SandboxLists.Service("48", "Basisgegevensset Zorg",
                                env.getProperty("herkomst.sandbox.systeemrol.48", "MM-3.0.0-BZB-FHIR"), "/fhir/stu3"),
                        new SandboxLists.Service("52", "Meetwaarden vitale functies",
                                env.getProperty("herkomst.sandbox.systeemrol.52", "MM-2.0.0-VSB-FHIR"), "/fhir/stu3"),
                        new SandboxLists.Service("51", "Documenten",
                                env.getProperty("herkomst.sandbox.systeemrol.51", "MM-3.0.0-PDB-FHIR"), "/fhir/stu3"),
                        new SandboxLists.Service(IMMUNIZATION, "Vaccinaties",
                                env.getProperty("herkomst.sandbox.systeemrol.immunization", "MM-2.0.0-VIB-FHIR"), "/fhir/r4"),
                        new SandboxLists.Service(MEDICATION, "Medicatiegegevens",
                                env.getProperty("herkomst.sandbox.systeemrol.medication", "MP-9.3.0-MGB-FHIR"), "/fhir/r4"),
                        // Delen: the receiving side of measurements, documents and correction requests
                        new SandboxLists.Service("53", "Meetwaarden vitale functies (delen)",
                                env.getProperty("herkomst.sandbox.systeemrol.53", "MM-2.0.0-VSD-FHIR"), "/fhir/stu3"),
                        new SandboxLists.Service("57", "Documenten (delen)",
                                env.getProperty("herkomst.sandbox.systeemrol.57", "MM-3.0.0-PDD-FHIR"), "/fhir/stu3"),
                        new SandboxLists.Service(CORRECTIONS, "Dossierwijzigingsverzoek",
                                env.getProperty("herkomst.sandbox.systeemrol.corrections", "MM-1.0.0-DWD-FHIR"), "/fhir/r4")),
                Map.of(client, "Herkomst demo PGO"), listFiles(env));
    }

    private static Map<String, Path> listFiles(Environment env) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String list : List.of("zal", "ocl", "gnl", "whitelist")) {
            String file = env.getProperty("herkomst.sandbox.lists." + list + "-file");
            if (file != null && !file.isBlank()) {
                files.put(list, Path.of(file.trim()));
            }
        }
        return files;
    }

    @Bean
    RouterFunction<ServerResponse> sandboxRoutes(SandboxLists lists, SandboxControl control, ReceivedShares received, RevocableAuthorizations revocations,
                                                 nl.herkomst.sandbox.demo.DemoApiTokens apiTokens) {
        MediaType xml = MediaType.APPLICATION_XML;
        return RouterFunctions.route()
                .GET("/medmij/{file}", r -> lists.serve(r.pathVariable("file"))
                        .map(l -> ServerResponse.status(l.status()).header("Content-Type", l.contentType()).body(l.body()))
                        .orElseGet(() -> ServerResponse.notFound().build()))
                .PUT("/sandbox/lists/{list}", r -> {
                    // the body as sent, whatever its Content-Type (read before any parameter, so a form body is not parsed away)
                    byte[] body = r.servletRequest().getInputStream().readAllBytes();
                    lists.publish(r.pathVariable("list"), number(r.param("status").orElse("200")),
                            r.param("content-type").orElse("application/xml"), body);
                    return ServerResponse.ok().body(lists.state());
                })
                .DELETE("/sandbox/lists", r -> {
                    lists.reset();
                    return ServerResponse.ok().body(lists.state());
                })
                .PUT("/sandbox/failures/{type}", r -> {
                    int status = number(r.param("status").orElse("500"));
                    control.fail(r.pathVariable("type"), status, r.param("issue").orElse(status >= 500 ? "exception" : "processing"));
                    return ServerResponse.ok().body(control.state());
                })
                .PUT("/sandbox/behaviour/{type}", r -> {
                    control.behave(r.pathVariable("type"), mode(r.param("mode").orElse("")));
                    return ServerResponse.ok().body(control.state());
                })
                .PUT("/sandbox/share-refusal", r -> {
                    control.refuseShares(number(r.param("status").orElse("422")),
                            r.param("text").orElse("De zorgaanbieder neemt deze gegevens niet aan."));
                    return ServerResponse.ok().body(control.state());
                })
                .GET("/sandbox/shares", r -> ServerResponse.ok().body(received.all()))
                .PUT("/sandbox/long-term-consent", r -> {
                    String enabled = r.param("enabled").orElse("true");
                    if (!enabled.equals("true") && !enabled.equals("false")) {
                        return ServerResponse.badRequest().body(Map.of("error", "enabled must be true or false"));
                    }
                    control.longTermConsent(Boolean.parseBoolean(enabled));
                    return ServerResponse.ok().body(control.state());
                })
                .DELETE("/sandbox/authorizations", r -> ServerResponse.ok().body(Map.of("revoked", revocations.revokeAll())))
                // a test double's window: the refresh tokens it gave, so that tests can look for them in logs and tables
                .GET("/sandbox/refresh-tokens", r -> ServerResponse.ok().body(Map.of("refreshTokens", revocations.refreshTokens())))
                .POST("/demo/api-token", r -> {
                    try {
                        String token = apiTokens.issue(r.param("subject").orElse(null), r.param("role").orElse(null));
                        return ServerResponse.ok().header("Cache-Control", "no-store").body(Map.of("access_token", token, "token_type", "Bearer",
                                "expires_in", apiTokens.lifetimeSeconds()));
                    } catch (IllegalArgumentException e) {
                        return ServerResponse.badRequest().body(Map.of("error", "invalid_request", "error_description", e.getMessage()));
                    }
                })
                .GET("/demo/jwks", r -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(apiTokens.jwks()))
                .DELETE("/sandbox/failures", r -> {
                    control.clearAll();
                    return ServerResponse.ok().body(control.state());
                })
                .onError(IllegalArgumentException.class, (e, r) -> ServerResponse.badRequest().body(Map.of("error", e.getMessage())))
                .build();
    }

    private static int number(String status) {
        try {
            return Integer.parseInt(status);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("status must be an HTTP status code (4xx or 5xx)");
        }
    }

    private static SandboxControl.Mode mode(String mode) {
        for (SandboxControl.Mode m : SandboxControl.Mode.values()) {
            if (m.name().replace('_', '-').equalsIgnoreCase(mode)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode must be empty, warning, fail-second-page or slow");
    }

    // ---- authorization server -------------------------------------------------------------------

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, RegisteredClientRepository clients,
                                                 OAuth2AuthorizationService authorizations) throws Exception {
        http.oauth2AuthorizationServer(as -> {
            http.securityMatcher(as.getEndpointsMatcher());
            // the certificate first (a confidential client, which may hold refresh tokens), then the code exchange without PKCE
            as.clientAuthentication(c -> c
                    .authenticationConverter(nl.herkomst.sandbox.oauth.MutualTlsClientAuthentication.converter())
                    .authenticationProvider(nl.herkomst.sandbox.oauth.MutualTlsClientAuthentication.provider(clients, authorizations))
                    .authenticationConverter(NoPkcePublicClientAuthentication.converter())
                    .authenticationProvider(NoPkcePublicClientAuthentication.provider(clients, authorizations)));
        });
        http.authorizeHttpRequests(a -> a.anyRequest().authenticated());
        http.exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                new MediaTypeRequestMatcher(MediaType.TEXT_HTML, MediaType.ALL)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain sandboxChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                .requestMatchers("/fhir/**", "/medmij/**", "/sandbox/**", "/demo/**", "/error", "/login").permitAll()
                .anyRequest().authenticated());
        // the sandbox is driven by curl in the README walk-through: no CSRF token on its login form or
        // its control endpoints (a sandbox only; a real DVA's login is DigiD)
        http.csrf(c -> c.ignoringRequestMatchers("/login", "/fhir/**", "/sandbox/**", "/demo/**"));
        http.formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager sandboxLogins(SandboxUsers users) {
        List<UserDetails> logins = users.logins().stream()
                .map(u -> User.withUsername(u).password("{noop}sandbox").roles("PATIENT").build())
                .toList();
        return new InMemoryUserDetailsManager(logins);
    }

    @Bean
    RegisteredClientRepository registeredClients(Environment env) {
        String clientId = env.getProperty("herkomst.sandbox.client-id", "herkomst.localhost");
        List<String> redirects = List.of(env.getProperty("herkomst.sandbox.redirect-uris", "http://127.0.0.1:8080/oauth/callback").split(","));
        RegisteredClient client = RegisteredClient.withId("herkomst")
                .clientId(clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .clientAuthenticationMethod(nl.herkomst.sandbox.oauth.MutualTlsClientAuthentication.MUTUAL_TLS)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(r -> redirects.forEach(u -> r.add(u.trim())))
                .scopes(s -> s.addAll(List.of("sandbox~48", "sandbox~51", "sandbox~52", "sandbox~" + IMMUNIZATION, "sandbox~" + MEDICATION,
                        "sandbox~53", "sandbox~57", "sandbox~" + CORRECTIONS)))
                .clientSettings(ClientSettings.builder().requireProofKey(false).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.REFERENCE)
                        .accessTokenTimeToLive(Duration.ofMinutes(15))
                        .authorizationCodeTimeToLive(Duration.ofMinutes(5))
                        // long-term consent: until withdrawn; MedMij lets it lapse after six months without a collection
                        .refreshTokenTimeToLive(Duration.ofDays(366))
                        .reuseRefreshTokens(false)
                        .build())
                .build();
        return new InMemoryRegisteredClientRepository(client);
    }

    @Bean
    RevocableAuthorizations authorizationService() {
        return new RevocableAuthorizations();
    }

    /** The authorizations in memory, and a way to withdraw them all (as a person does at the provider): their tokens stop working. */
    public static final class RevocableAuthorizations implements OAuth2AuthorizationService {
        private final InMemoryOAuth2AuthorizationService delegate = new InMemoryOAuth2AuthorizationService();
        private final java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final java.util.Set<String> issued = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

        @Override
        public void save(org.springframework.security.oauth2.server.authorization.OAuth2Authorization authorization) {
            delegate.save(authorization);
            ids.add(authorization.getId());
            if (authorization.getRefreshToken() != null) {
                issued.add(authorization.getRefreshToken().getToken().getTokenValue());
            }
        }

        @Override
        public void remove(org.springframework.security.oauth2.server.authorization.OAuth2Authorization authorization) {
            delegate.remove(authorization);
            ids.remove(authorization.getId());
        }

        @Override
        public org.springframework.security.oauth2.server.authorization.OAuth2Authorization findById(String id) {
            return delegate.findById(id);
        }

        @Override
        public org.springframework.security.oauth2.server.authorization.OAuth2Authorization findByToken(String token,
                org.springframework.security.oauth2.server.authorization.OAuth2TokenType tokenType) {
            return delegate.findByToken(token, tokenType);
        }

        /** Every refresh token given so far (rotated ones too). */
        public java.util.List<String> refreshTokens() {
            return java.util.List.copyOf(issued);
        }

        public int revokeAll() {
            int n = 0;
            for (String id : java.util.List.copyOf(ids)) {
                var a = delegate.findById(id);
                if (a != null) {
                    remove(a);
                    n++;
                }
                ids.remove(id);
            }
            return n;
        }
    }

    /** The access token of a Nictiz test patient is that patient's qualification token; others get a random one. */
    @Bean
    OAuth2TokenGenerator<?> tokenGenerator(SandboxUsers users, SandboxControl control) {
        SecureRandom random = new SecureRandom();
        OAuth2TokenGenerator<OAuth2AccessToken> access = context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return null;
            }
            String value = users.patientOf(context.getPrincipal().getName()).flatMap(users::qualificationToken).orElseGet(() -> {
                byte[] b = new byte[32];
                random.nextBytes(b);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            });
            Instant now = Instant.now();
            return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, now,
                    now.plus(context.getRegisteredClient().getTokenSettings().getAccessTokenTimeToLive()), context.getAuthorizedScopes());
        };
        // a refresh token only when the person chose long-term consent (PUT /sandbox/long-term-consent?enabled=true)
        OAuth2RefreshTokenGenerator refreshTokens = new OAuth2RefreshTokenGenerator();
        OAuth2TokenGenerator<org.springframework.security.oauth2.core.OAuth2RefreshToken> refresh = context ->
                control.longTermConsent() || AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())
                        ? refreshTokens.generate(context) : null;
        return new DelegatingOAuth2TokenGenerator(access, refresh);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(Environment env) {
        return AuthorizationServerSettings.builder().issuer(baseUrl(env)).build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString()).build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }
}
