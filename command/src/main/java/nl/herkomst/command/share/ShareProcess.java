package nl.herkomst.command.share;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.command.RecordShareFailure;
import nl.herkomst.api.command.RecordShareResult;
import nl.herkomst.api.command.RecordShareTokenGranted;
import nl.herkomst.api.command.StartSending;
import nl.herkomst.api.event.ShareAuthorizationGranted;
import nl.herkomst.api.event.ShareRequested;
import nl.herkomst.api.event.ShareTokenGranted;
import nl.herkomst.api.share.ShareFailure;
import nl.herkomst.api.share.ShareStage;
import nl.herkomst.command.collection.CollectionCommandHandler;
import nl.herkomst.command.http.ProviderHttp;
import nl.herkomst.command.oauth.TokenExchanger;
import nl.herkomst.command.store.AuthorizationStateStore;
import nl.herkomst.command.store.ResponseStore;
import nl.herkomst.command.store.SecretVault;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process of a share once the person confirmed it: token exchange, then one POST of the Bundle to the
 * provider's resource endpoint, then the outcome, each reported to the {@link Share} as a command. The POST
 * is preceded by {@code StartSending}, which the aggregate accepts once: a redelivered event never sends
 * the Bundle twice. Never runs during a replay.
 */
@ProcessingGroup(ShareProcess.PROCESSING_GROUP)
@DisallowReplay
public class ShareProcess {

    public static final String PROCESSING_GROUP = "share-process";
    private static final Logger log = LoggerFactory.getLogger(ShareProcess.class);

    private final EventStore eventStore;
    private final CommandGateway commands;
    private final TokenExchanger tokens;
    private final ProviderHttp http;
    private final ResponseStore store;
    private final SecretVault vault;
    private final AuthorizationStateStore states;
    private final ExecutorService workers;
    private final long maxResponseBytes;
    private final Clock clock;

    public ShareProcess(EventStore eventStore, CommandGateway commands, TokenExchanger tokens, ProviderHttp http, ResponseStore store,
                        SecretVault vault, AuthorizationStateStore states, ExecutorService workers, long maxResponseBytes, Clock clock) {
        this.eventStore = eventStore;
        this.commands = commands;
        this.tokens = tokens;
        this.http = http;
        this.store = store;
        this.vault = vault;
        this.states = states;
        this.workers = workers;
        this.maxResponseBytes = maxResponseBytes;
        this.clock = clock;
    }

    /** The shares a worker has taken on (queued or running): the recovery leaves them alone. */
    private final java.util.Set<ShareId> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @EventHandler
    void on(ShareAuthorizationGranted event) {
        inFlight.add(event.shareId());
        workers.execute(() -> {
            try {
                exchange(event.shareId());
            } finally {
                inFlight.remove(event.shareId());
            }
        });
    }

    @EventHandler
    void on(ShareTokenGranted event) {
        inFlight.add(event.shareId());
        workers.execute(() -> {
            try {
                send(event.shareId(), event.tokenReference());
            } finally {
                inFlight.remove(event.shareId());
            }
        });
    }

    /** Whether a worker of this backend has the share in hand (queued or running). */
    public boolean inFlight(ShareId id) {
        return inFlight.contains(id);
    }

    void exchange(ShareId id) {
        try {
            ShareRequested share = requested(id);
            String code = vault.take(CollectionCommandHandler.CODE_KEY + id.value()).orElse(null);
            String verifier = states.takeCodeVerifier(id.value());
            if (code == null) {
                fail(id, ShareStage.TOKEN, ShareFailure.TOKEN_FAILED, null, "code_unavailable",
                        "the authorization code is no longer available (expired, or lost in a restart)", List.of(), null);
                return;
            }
            TokenExchanger.Result result = tokens.exchange(new TokenExchanger.Request(share.provider(), share.authorizationEndpoint(),
                    share.tokenEndpoint(), share.clientId(), share.redirectUri(), share.scope(), share.stateHash(), share.correlationId()),
                    code, verifier, clock.instant());
            if (result instanceof TokenExchanger.Granted granted) {
                String reference = vault.put(granted.accessToken(), granted.expiresAt());
                commands.sendAndWait(new RecordShareTokenGranted(id, reference, granted.expiresAt(), granted.scope(),
                        granted.refreshTokenIssued(), clock.instant()));
            } else if (result instanceof TokenExchanger.Failed failed) {
                fail(id, ShareStage.TOKEN, ShareFailure.TOKEN_FAILED, failed.httpStatus(), failed.error(),
                        "token exchange failed: " + failed.error() + (failed.description() == null ? "" : " (" + failed.description() + ")"),
                        List.of(), null);
            }
        } catch (RuntimeException e) {
            log.warn("Token exchange of share {} could not be recorded: {}", id, e.getClass().getSimpleName());
        }
    }

    void send(ShareId id, String tokenReference) {
        try {
            ShareRequested share = requested(id);
            String token = vault.get(tokenReference).orElse(null);
            if (token == null) {
                fail(id, ShareStage.SEND, ShareFailure.TECHNICAL_ERROR, null, "token_unavailable",
                        "the access token is no longer available (expired, or lost in a restart); nothing was sent", List.of(), null);
                return;
            }
            byte[] bundle = store.get(share.bundleSha256()).orElse(null);
            if (bundle == null) {
                fail(id, ShareStage.SEND, ShareFailure.TECHNICAL_ERROR, null, "bundle_unavailable",
                        "the Bundle is no longer in the content store; nothing was sent", List.of(), null);
                return;
            }
            String requestId = UUID.randomUUID().toString();
            try {
                commands.sendAndWait(new StartSending(id, share.resourceEndpoint(), requestId, clock.instant()));
            } catch (RuntimeException e) {
                log.info("Share {} is not sent again: {}", id, e.getMessage());
                return;
            }
            post(id, share, bundle, token, requestId);
        } catch (RuntimeException e) {
            log.warn("Share {} could not be completed: {}", id, e.getClass().getSimpleName());
        } finally {
            vault.remove(tokenReference);
        }
    }

    private void post(ShareId id, ShareRequested share, byte[] bundle, String token, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("MedMij-Request-ID", requestId);
        headers.put("X-Correlation-ID", share.correlationId());
        if (share.preferRepresentation()) {
            headers.put("Prefer", "return=representation");
        }
        long start = System.nanoTime();
        ProviderHttp.Response response;
        try {
            response = http.post(URI.create(share.resourceEndpoint()), "application/fhir+json; charset=utf-8", bundle, "application/fhir+json",
                    maxResponseBytes, headers);
        } catch (ProviderHttp.TransportException e) {
            fail(id, ShareStage.SEND, ShareFailure.TECHNICAL_ERROR, null, e.kind().name().toLowerCase(java.util.Locale.ROOT),
                    "no answer from the provider: " + e.getMessage(), List.of(), null);
            return;
        }
        try {
            String sha = response.body().length == 0 ? null : store.put(response.body(), response.contentType());
            ShareResponses.Answer answer = ShareResponses.read(share.fhirVersion(), response.body());
            int status = response.status();
            if (status >= 200 && status < 300) {
                List<OperationOutcomeIssue> issues = answer.issues();
                if (!"Bundle".equals(answer.resourceType())) {
                    issues = new java.util.ArrayList<>(issues);
                    issues.add(new OperationOutcomeIssue("warning", "informational",
                            "the provider accepted the Bundle (HTTP " + status + ") but did not answer with a response Bundle"));
                }
                commands.sendAndWait(new RecordShareResult(id, status, response.contentType(), sha, response.body().length, answer.entries(),
                        answer.assigned(), issues, clock.instant()));
            } else {
                boolean refused = status >= 400 && status < 500;
                String text = answer.issues().stream().map(OperationOutcomeIssue::text).filter(t -> t != null && !t.isBlank()).findFirst()
                        .orElse(answer.fhir() ? "HTTP " + status : "HTTP " + status + " without an OperationOutcome");
                fail(id, ShareStage.SEND, refused ? ShareFailure.REFUSED_BY_PROVIDER : ShareFailure.TECHNICAL_ERROR, status,
                        refused ? "refused" : "server_error", text, answer.issues(), sha);
            }
            log.info("Share {} ({} to {}): HTTP {} in {} ms", id, share.gegevensdienst(), share.provider(), status,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            // the provider answered, but the answer could not be recorded as such: the Bundle is not sent again
            fail(id, ShareStage.SEND, ShareFailure.OUTCOME_UNKNOWN, response.status(), "outcome_unrecorded",
                    "the provider answered HTTP " + response.status() + " but the answer could not be recorded: " + e.getClass().getSimpleName(),
                    List.of(), null);
        }
    }

    private void fail(ShareId id, ShareStage stage, ShareFailure failure, Integer status, String error, String message,
                      List<OperationOutcomeIssue> issues, String sha) {
        commands.sendAndWait(new RecordShareFailure(id, stage, failure, status, error, message, issues, sha, clock.instant()));
    }

    /** Runs again the step a share stopped at (after a restart): the token exchange, or the send. */
    public void resume(ShareId id) {
        if (!inFlight.add(id)) {
            return; // a worker has it: not taken up twice
        }
        try {
            List<Object> events = eventStore.readEvents(id.value()).asStream().map(m -> (Object) m.getPayload()).toList();
            Object last = events.get(events.size() - 1);
            if (last instanceof ShareAuthorizationGranted) {
                exchange(id);
            } else if (last instanceof ShareTokenGranted granted) {
                send(id, granted.tokenReference());
            }
        } finally {
            inFlight.remove(id);
        }
    }

    private ShareRequested requested(ShareId id) {
        return eventStore.readEvents(id.value()).asStream()
                .map(m -> m.getPayload())
                .filter(ShareRequested.class::isInstance)
                .map(ShareRequested.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no ShareRequested for " + id));
    }
}
