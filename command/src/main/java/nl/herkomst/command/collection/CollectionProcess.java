package nl.herkomst.command.collection;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.ConsentId;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.GrantConsent;
import nl.herkomst.api.command.LapseConsent;
import nl.herkomst.api.command.RecordConsentUse;
import nl.herkomst.api.event.OfflineCollectionStarted;
import nl.herkomst.command.consent.ConsentTokens;
import nl.herkomst.api.command.CompleteCollection;
import nl.herkomst.api.command.RecordTokenExchangeFailed;
import nl.herkomst.api.command.RecordTokenGranted;
import nl.herkomst.api.event.AuthorizationGranted;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.api.event.TokenGranted;
import nl.herkomst.command.fhir.FhirFetcher;
import nl.herkomst.command.oauth.TokenExchanger;
import nl.herkomst.command.store.AuthorizationStateStore;
import nl.herkomst.command.store.SecretVault;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process that runs a collection after the person granted access: token exchange, then every query
 * of the gegevensdienst, then completion. External I/O happens here, on worker threads outside the event
 * processor, and every result goes back to the {@link Collection} aggregate as a command. It never runs
 * during a replay, so rebuilding read models calls no provider.
 */
@ProcessingGroup(CollectionProcess.PROCESSING_GROUP)
@DisallowReplay
public class CollectionProcess {

    public static final String PROCESSING_GROUP = "collection-process";
    private static final Logger log = LoggerFactory.getLogger(CollectionProcess.class);

    private final EventStore eventStore;
    private final CommandGateway commands;
    private final TokenExchanger tokens;
    private final FhirFetcher fetcher;
    private final SecretVault vault;
    private final AuthorizationStateStore states;
    private final ExecutorService workers;
    private final ConsentTokens consents;
    private final Clock clock;

    public CollectionProcess(EventStore eventStore, CommandGateway commands, TokenExchanger tokens, FhirFetcher fetcher,
                             SecretVault vault, AuthorizationStateStore states, ExecutorService workers, ConsentTokens consents, Clock clock) {
        this.consents = consents;
        this.eventStore = eventStore;
        this.commands = commands;
        this.tokens = tokens;
        this.fetcher = fetcher;
        this.vault = vault;
        this.states = states;
        this.workers = workers;
        this.clock = clock;
    }

    /** The collections a worker has taken on (queued or running): the recovery leaves them alone. */
    private final java.util.Set<CollectionId> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Set as the application starts to stop: a fetch stops before its next query and leaves the rest to the recovery. */
    private volatile boolean stopping;

    @EventHandler
    void on(AuthorizationGranted event) {
        work(event.collectionId(), () -> exchange(event.collectionId()));
    }

    @EventHandler
    void on(OfflineCollectionStarted event) {
        work(event.collectionId(), () -> refresh(event.collectionId(), event.consentId()));
    }

    @EventHandler
    void on(TokenGranted event) {
        work(event.collectionId(), () -> fetch(event.collectionId(), event.tokenReference(), java.util.Set.of()));
    }

    /** Runs a step of a collection on a worker, marked as in hand until it ends. */
    void work(CollectionId id, Runnable step) {
        inFlight.add(id);
        try {
            workers.execute(() -> {
                try {
                    step.run();
                } finally {
                    inFlight.remove(id);
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(id);
            throw e;
        }
    }

    /** Whether a worker of this backend has the collection in hand (queued or running). */
    public boolean inFlight(CollectionId id) {
        return inFlight.contains(id);
    }

    /** No new query from now on: the application is stopping (its command bus and database go next). */
    public void stop() {
        stopping = true;
    }

    void exchange(CollectionId id) {
        try {
            CollectionRequested collection = requested(id);
            String code = vault.take(CollectionCommandHandler.CODE_KEY + id.value()).orElse(null);
            String verifier = states.takeCodeVerifier(id);
            Instant now = clock.instant();
            if (code == null) {
                commands.sendAndWait(new RecordTokenExchangeFailed(id, null, "code_unavailable",
                        "the authorization code is no longer available (expired, or lost in a restart)", now));
                return;
            }
            TokenExchanger.Result result = tokens.exchange(collection, code, verifier, now);
            if (result instanceof TokenExchanger.Granted granted) {
                if (granted.refreshTokenIssued()) {
                    // long-term consent: the refresh token goes to the vault, the consent becomes an aggregate of its own
                    ConsentId consent = ConsentId.random();
                    consents.keep(consent, granted.refreshToken(), now);
                    commands.sendAndWait(new GrantConsent(consent, collection.personId(), id, collection.provider(), collection.providerDisplayName(),
                            collection.gegevensdienst(), collection.gegevensdienstName(), collection.gegevensdienstVersion(), collection.scope(),
                            clock.instant()));
                }
                String reference = vault.put(granted.accessToken(), granted.expiresAt());
                commands.sendAndWait(new RecordTokenGranted(id, reference, granted.expiresAt(), granted.scope(),
                        granted.refreshTokenIssued(), clock.instant()));
            } else if (result instanceof TokenExchanger.Failed failed) {
                commands.sendAndWait(new RecordTokenExchangeFailed(id, failed.httpStatus(), failed.error(), failed.description(),
                        clock.instant()));
            }
        } catch (RuntimeException e) {
            log.warn("Token exchange of collection {} could not be recorded: {}", id, e.getMessage());
        }
    }

    /** A collection on a long-term consent: the access token from the refresh token; a refusal of the refresh token ends the consent. */
    void refresh(CollectionId id, ConsentId consent) {
        try {
            CollectionRequested collection = requested(id);
            Instant now = clock.instant();
            String refreshToken = consents.get(consent).orElse(null);
            if (refreshToken == null) {
                commands.sendAndWait(new RecordTokenExchangeFailed(id, null, "consent_unavailable",
                        "the consent's refresh token is no longer kept (withdrawn, lapsed or unused for too long)", now));
                commands.sendAndWait(new LapseConsent(consent, "NOT_USED", null, now));
                return;
            }
            TokenExchanger.Result result = tokens.refresh(TokenExchanger.request(collection), refreshToken, now);
            if (result instanceof TokenExchanger.Granted granted) {
                boolean rotated = granted.refreshTokenIssued() && !granted.refreshToken().equals(refreshToken);
                try {
                    commands.sendAndWait(new RecordConsentUse(consent, id, rotated, clock.instant()));
                } catch (RuntimeException ended) {
                    // withdrawn while the token was asked for: the token is not used
                    commands.sendAndWait(new RecordTokenExchangeFailed(id, null, "consent_ended", "the consent ended before the collection ran",
                            clock.instant()));
                    return;
                }
                consents.keep(consent, rotated ? granted.refreshToken() : refreshToken, now);
                String reference = vault.put(granted.accessToken(), granted.expiresAt());
                commands.sendAndWait(new RecordTokenGranted(id, reference, granted.expiresAt(), granted.scope(), granted.refreshTokenIssued(),
                        clock.instant()));
            } else if (result instanceof TokenExchanger.Failed failed) {
                commands.sendAndWait(new RecordTokenExchangeFailed(id, failed.httpStatus(), failed.error(), failed.description(), clock.instant()));
                if ("invalid_grant".equals(failed.error())) {
                    commands.sendAndWait(new LapseConsent(consent, "REFUSED_BY_PROVIDER", failed.error(), clock.instant()));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Refresh for collection {} could not be recorded: {}", id, e.getMessage());
        }
    }

    /** Runs the queries of the collection, except those in {@code done} (a collection taken up again after a stop). */
    void fetch(CollectionId id, String tokenReference, java.util.Set<String> done) {
        boolean interrupted = false;
        try {
            CollectionRequested collection = requested(id);
            String token = vault.get(tokenReference).orElse(null);
            if (token == null) {
                commands.sendAndWait(new CompleteCollection(id, "access token no longer available (expired, or lost in a restart)",
                        clock.instant()));
                return;
            }
            long start = System.nanoTime();
            for (String query : collection.queries()) {
                if (done.contains(query)) {
                    continue;
                }
                if (stopping) {
                    interrupted = true; // the token stays: the recovery takes the collection up again after the restart
                    log.info("Collection {} interrupted by the stop; taken up again after the restart", id);
                    return;
                }
                if (vault.get(tokenReference).isEmpty()) {
                    break; // expired mid-way: the remaining queries are reported as not finished
                }
                try {
                    fetcher.run(collection, query, token, commands::sendAndWait);
                } catch (RuntimeException e) {
                    if (stopping) {
                        interrupted = true;
                        return;
                    }
                    if (RefusedException.hasCode(e, Collection.PERSON_ERASED)) {
                        log.info("Collection {} stops: its person was erased", id);
                        break;
                    }
                    log.warn("Query {} of collection {} failed unexpectedly: {}", query, id, e.getClass().getSimpleName());
                }
            }
            commands.sendAndWait(new CompleteCollection(id, null, clock.instant()));
            log.info("Collection {} ({} at {}): {} queries in {} ms", id, collection.gegevensdienst(), collection.provider(),
                    collection.queries().size(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            interrupted |= stopping;
            log.warn("Collection {} could not be completed: {}", id, e.getMessage());
        } finally {
            if (!interrupted) {
                try {
                    vault.remove(tokenReference);
                } catch (RuntimeException e) {
                    log.warn("Access token of collection {} not removed from the vault: {}", id, e.getClass().getSimpleName());
                }
            }
        }
    }

    private CollectionRequested requested(CollectionId id) {
        return eventStore.readEvents(id.value()).asStream()
                .map(m -> m.getPayload())
                .filter(CollectionRequested.class::isInstance)
                .map(CollectionRequested.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no CollectionRequested for " + id));
    }
}
