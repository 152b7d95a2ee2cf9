package nl.herkomst.command.collection;

import java.time.Clock;
import java.time.Instant;
import nl.herkomst.api.RefusalReason;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.AuthorizationRedirect;
import nl.herkomst.api.command.CallbackResult;
import nl.herkomst.api.command.GrantAuthorization;
import nl.herkomst.api.command.HandleAuthorizationCallback;
import nl.herkomst.api.command.RefuseAuthorization;
import nl.herkomst.api.command.RequestCollection;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.api.event.OfflineCollectionStarted;
import nl.herkomst.api.command.RequestOfflineCollection;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.command.directory.ProviderDirectory;
import nl.herkomst.command.http.ProviderHttp;
import nl.herkomst.command.oauth.AuthorizationRequests;
import nl.herkomst.command.share.Share;
import nl.herkomst.command.store.AuthorizationStateStore;
import nl.herkomst.command.store.SecretVault;
import nl.herkomst.command.store.Sha256;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;

/**
 * Starts collections (prepares the MedMij authorization request, medmij.md §2.2) and takes the browser's
 * callback (looks the request up by {@code state} first, then handles {@code code} or {@code error}).
 */
public class CollectionCommandHandler {

    /** MedMij's names of the correlation parameters, sent as query parameters on the front channel. */
    public static final String REQUEST_ID = AuthorizationRequests.REQUEST_ID;
    public static final String CORRELATION_ID = AuthorizationRequests.CORRELATION_ID;
    public static final String CODE_KEY = "code:";

    private final Repository<Collection> repository;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CollectionCommandHandler.class);
    private final ProviderDirectory directory;
    private final GegevensdienstCatalog catalog;
    private final MedMijClientProperties client;
    private final AuthorizationStateStore states;
    private final SecretVault vault;
    private final Clock clock;
    private final Repository<Share> shares;
    private final Repository<nl.herkomst.command.consent.Consent> consents;

    public CollectionCommandHandler(Repository<Collection> repository, ProviderDirectory directory, GegevensdienstCatalog catalog,
                                    MedMijClientProperties client, AuthorizationStateStore states, SecretVault vault, Clock clock,
                                    Repository<Share> shares, Repository<nl.herkomst.command.consent.Consent> consents) {
        this.shares = shares;
        this.consents = consents;
        this.repository = repository;
        this.directory = directory;
        this.catalog = catalog;
        this.client = client;
        this.states = states;
        this.vault = vault;
        this.clock = clock;
    }

    /** The gegevensdienst as this PGO collects it and the provider's endpoints for it, or the reason it cannot be collected. */
    private record Target(GegevensdienstCatalog.Gegevensdienst service, ProviderDirectory.Endpoints endpoints) {
    }

    private Target target(String provider, String gegevensdienst) {
        GegevensdienstCatalog.Gegevensdienst service = catalog.find(gegevensdienst)
                .orElseThrow(() -> new RefusedException(RefusedException.Kind.INVALID, "UNKNOWN_GEGEVENSDIENST",
                        "gegevensdienst " + Text.clean(gegevensdienst, 30) + " is not one this PGO collects"));
        if (!catalog.isQualified(gegevensdienst, service)) {
            throw new RefusedException(RefusedException.Kind.INVALID, "GEGEVENSDIENST_NOT_QUALIFIED",
                    "this PGO is not qualified for gegevensdienst " + gegevensdienst + " version " + service.version());
        }
        ProviderDirectory.Endpoints endpoints = directory.find(provider, gegevensdienst, service.systeemrol())
                .orElseThrow(() -> new RefusedException(RefusedException.Kind.INVALID, "UNKNOWN_PROVIDER",
                        "provider " + Text.clean(provider, 100) + " does not offer gegevensdienst " + gegevensdienst
                                + " (systeemrol " + service.systeemrol() + ") in the provider list"));
        directory.requireOnOcl(client.clientId());
        try {
            ProviderHttp.requireHttps(java.net.URI.create(endpoints.authorizationEndpoint()));
            ProviderHttp.requireHttps(java.net.URI.create(endpoints.tokenEndpoint()));
            ProviderHttp.requireHttps(java.net.URI.create(endpoints.resourceEndpoint()));
        } catch (IllegalArgumentException e) {
            throw new RefusedException(RefusedException.Kind.UNAVAILABLE, "INVALID_PROVIDER_ENDPOINT", e.getMessage());
        }
        return new Target(service, endpoints);
    }

    /**
     * A collection on a long-term consent, without the person: checked as a collection the person starts (the gegevensdienst
     * still qualified, the provider still in the lists, on the endpoints the lists give now), then authorized at once; its
     * token comes from the consent's refresh token ({@link CollectionProcess}).
     */
    @CommandHandler
    public CollectionId handle(RequestOfflineCollection command) throws Exception {
        Object[] consent = consents.load(command.consentId().value()).invoke(c -> new Object[] {c.active(), c.person(), c.provider(),
                c.gegevensdienst(), c.scope()});
        if (!(Boolean) consent[0]) {
            throw new RefusedException(RefusedException.Kind.CONFLICT, "CONSENT_ENDED", "this consent has ended");
        }
        PersonId person = (PersonId) consent[1];
        String provider = (String) consent[2];
        String gegevensdienst = (String) consent[3];
        Target t = target(provider, gegevensdienst);
        Instant now = clock.instant();
        String scope = consent[4] == null ? scopeOf(provider, gegevensdienst) : (String) consent[4];
        CollectionRequested requested = new CollectionRequested(command.collectionId(), person, provider, provider, gegevensdienst,
                directory.gegevensdienstName(gegevensdienst).orElse(t.service().name()), t.service().version(), t.service().systeemrol(),
                t.service().fhirVersion(), t.endpoints().authorizationEndpoint(), t.endpoints().tokenEndpoint(), t.endpoints().resourceEndpoint(),
                client.clientId(), client.redirectUri(), scope, null, java.util.UUID.randomUUID().toString(), null, t.service().queries(),
                t.endpoints().listVersion(), now, t.endpoints().whitelistVersion());
        repository.newInstance(() -> new Collection(requested, new OfflineCollectionStarted(command.collectionId(), command.consentId(), now)));
        return command.collectionId();
    }

    @CommandHandler
    public AuthorizationRedirect handle(RequestCollection command) throws Exception {
        Target target = target(command.provider(), command.gegevensdienst());
        GegevensdienstCatalog.Gegevensdienst service = target.service();
        ProviderDirectory.Endpoints endpoints = target.endpoints();

        Instant now = clock.instant();
        String scope = scopeOf(command.provider(), command.gegevensdienst());
        AuthorizationRequests.Prepared request = AuthorizationRequests.prepare(endpoints.authorizationEndpoint(), client.clientId(),
                client.redirectUri(), scope);
        String state = request.state();
        String correlationId = request.correlationId();
        String requestId = request.requestId();
        String codeVerifier = request.codeVerifier();

        states.insert(Sha256.hex(state), command.collectionId(), command.personId(), codeVerifier, now.plus(client.stateTtl()));
        repository.newInstance(() -> new Collection(new CollectionRequested(
                command.collectionId(), command.personId(), command.provider(), command.provider(),
                command.gegevensdienst(), directory.gegevensdienstName(command.gegevensdienst()).orElse(service.name()), service.version(), service.systeemrol(), service.fhirVersion(),
                endpoints.authorizationEndpoint(), endpoints.tokenEndpoint(), endpoints.resourceEndpoint(),
                client.clientId(), client.redirectUri(), scope, Sha256.hex(state), correlationId, requestId,
                service.queries(), endpoints.listVersion(), now, endpoints.whitelistVersion())));
        return new AuthorizationRedirect(command.collectionId(), request.url());
    }

    @CommandHandler
    public CallbackResult handle(HandleAuthorizationCallback command) {
        if (command.state() == null || command.state().isBlank()) {
            throw new AuthorizationStateStore.StateRejectedException(AuthorizationStateStore.Rejection.UNKNOWN);
        }
        boolean hasCode = command.code() != null && !command.code().isBlank();
        boolean hasError = command.error() != null && !command.error().isBlank();
        if (hasCode == hasError) {
            // neither a grant nor a refusal (or both): not an answer of the authorization server; changes nothing
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_CALLBACK",
                    "a callback carries either a code or an error, with the state of the request");
        }
        Instant now = clock.instant();
        AuthorizationStateStore.Pending pending;
        try {
            pending = states.consume(Sha256.hex(command.state()), now, command.relayedBy());
        } catch (AuthorizationStateStore.StateRejectedException e) {
            if (e.rejection() == AuthorizationStateStore.Rejection.NOT_YOURS) {
                // an authorization URL that reached another person's browser (forwarded, or a phishing link): their code is dropped
                log.warn("A relayed callback for an authorization of another person was refused; its code was not used");
            }
            throw e;
        }
        if (pending.share()) {
            return shareCallback(pending, command, hasError, now);
        }
        if (hasError) {
            String error = Text.clean(command.error(), 100);
            String description = Text.clean(command.errorDescription(), 500);
            RefusalReason reason = RefusalReason.of(error, description);
            repository.load(pending.collectionId().value())
                    .execute(c -> c.handle(new RefuseAuthorization(pending.collectionId(), reason, error, description, now)));
            return new CallbackResult(pending.collectionId(), pending.personId(), false, reason.name());
        }
        vault.putAt(CODE_KEY + pending.collectionId().value(), command.code(), now.plus(client.stateTtl()));
        repository.load(pending.collectionId().value()).execute(c -> c.handle(new GrantAuthorization(pending.collectionId(), now)));
        return new CallbackResult(pending.collectionId(), pending.personId(), true, null);
    }

    /** The callback of a share's authorization request (Delen): same rules, the share's aggregate. */
    private CallbackResult shareCallback(AuthorizationStateStore.Pending pending, HandleAuthorizationCallback command, boolean hasError,
                                         Instant now) {
        if (hasError) {
            String error = Text.clean(command.error(), 100);
            String description = Text.clean(command.errorDescription(), 500);
            RefusalReason reason = RefusalReason.of(error, description);
            shares.load(pending.id()).execute(s -> s.refuse(reason, error, description, now));
            return new CallbackResult(pending.id(), pending.personId(), false, reason.name(), true);
        }
        vault.putAt(CODE_KEY + pending.id(), command.code(), now.plus(client.stateTtl()));
        shares.load(pending.id()).execute(s -> s.grant(now));
        return new CallbackResult(pending.id(), pending.personId(), true, null, true);
    }

    /** Release 1.1+ scope: the provider name without {@code @medmij}, a tilde, the GegevensdienstId. */
    static String scopeOf(String provider, String gegevensdienst) {
        return AuthorizationRequests.scopeOf(provider, gegevensdienst);
    }

}
