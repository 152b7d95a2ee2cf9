package nl.herkomst.command.collection;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.CollectionOutcome;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.command.CompleteCollection;
import nl.herkomst.api.command.GrantAuthorization;
import nl.herkomst.api.command.RecordFetchFailure;
import nl.herkomst.api.command.RecordPage;
import nl.herkomst.api.command.RecordQueryCompleted;
import nl.herkomst.api.command.RecordTokenExchangeFailed;
import nl.herkomst.api.command.RecordTokenGranted;
import nl.herkomst.api.command.RefuseAuthorization;
import nl.herkomst.api.event.AuthorizationGranted;
import nl.herkomst.api.event.AuthorizationRefused;
import nl.herkomst.api.event.CollectionCompleted;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.api.event.FetchFailed;
import nl.herkomst.api.event.OfflineCollectionStarted;
import nl.herkomst.api.event.QueryCompleted;
import nl.herkomst.api.event.ResourceReceived;
import nl.herkomst.api.event.ResponseReceived;
import nl.herkomst.api.event.TokenExchangeFailed;
import nl.herkomst.api.event.TokenGranted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One collection run: one person, one provider, one gegevensdienst. It guards the order of the steps
 * (authorization, token, queries, completion) and derives the outcome from what was recorded. It does no
 * I/O: the process ({@link CollectionProcess}) talks to the provider and reports back with commands.
 */
@Aggregate(type = "Collection")
public class Collection {

    /** The refusal of a page for a person erased meanwhile (the process then takes back the page's stored bytes). */
    public static final String PERSON_ERASED = "PERSON_ERASED";

    enum Stage { REQUESTED, AUTHORIZED, FETCHING, ENDED }

    @AggregateIdentifier
    private CollectionId collectionId;
    private PersonId personId;
    private String fhirVersion;
    private Stage stage;
    private Set<String> queries;
    private final Set<String> succeeded = new HashSet<>();
    private final Set<String> failed = new HashSet<>();
    private final Map<String, Integer> resourcesPerQuery = new HashMap<>();
    private final Set<String> pagesSeen = new HashSet<>();
    private int resources;

    protected Collection() {
        // for Axon
    }

    /** Called by {@link CollectionCommandHandler} once the authorization request has been prepared. */
    Collection(CollectionRequested requested) {
        if (requested.queries() == null || requested.queries().isEmpty()) {
            throw new IllegalArgumentException("a gegevensdienst without queries cannot be collected");
        }
        apply(requested);
    }

    /** Called by {@link CollectionCommandHandler} for a collection on a long-term consent: authorized without the person. */
    Collection(CollectionRequested requested, OfflineCollectionStarted started) {
        this(requested);
        apply(started);
    }

    @CommandHandler
    void handle(GrantAuthorization command) {
        requireStage(Stage.REQUESTED, "the authorization of this collection has already been handled");
        apply(new AuthorizationGranted(collectionId, command.grantedAt()));
    }

    @CommandHandler
    void handle(RefuseAuthorization command) {
        requireStage(Stage.REQUESTED, "the authorization of this collection has already been handled");
        apply(new AuthorizationRefused(collectionId, personId, command.reason(), command.error(), command.errorDescription(),
                command.refusedAt()));
        apply(new CollectionCompleted(collectionId, personId, CollectionOutcome.REFUSED, 0, 0, 0,
                "authorization refused: " + command.reason() + " (" + command.error()
                        + (command.errorDescription() == null ? "" : ": " + command.errorDescription()) + ")",
                command.refusedAt()));
    }

    @CommandHandler
    void handle(RecordTokenGranted command) {
        requireStage(Stage.AUTHORIZED, "a token can only be granted once, after authorization");
        apply(new TokenGranted(collectionId, command.tokenReference(), command.expiresAt(), command.grantedScope(),
                command.refreshTokenIssued(), command.grantedAt()));
    }

    @CommandHandler
    void handle(RecordTokenExchangeFailed command) {
        requireStage(Stage.AUTHORIZED, "the token exchange can only fail after authorization");
        apply(new TokenExchangeFailed(collectionId, personId, command.httpStatus(), command.error(), command.errorDescription(),
                command.failedAt()));
        apply(new CollectionCompleted(collectionId, personId, CollectionOutcome.FAILED, 0, 0, 0,
                "token exchange failed: " + command.error(), command.failedAt()));
    }

    @CommandHandler
    void handle(RecordPage command) {
        requireOpenQuery(command.query());
        if (personId == null) {
            throw new RefusedException(RefusedException.Kind.CONFLICT, PERSON_ERASED, "the person of this collection was erased: nothing more is recorded for them");
        }
        if (pagesSeen.contains(command.query() + "#" + command.page())) {
            return; // redelivered: already recorded
        }
        apply(new ResponseReceived(collectionId, command.query(), command.page(), command.url(), command.httpStatus(),
                command.contentType(), command.responseSha256(), command.size(), command.requestId(), command.receivedAt()));
        for (RecordPage.PageEntry entry : command.entries()) {
            apply(new ResourceReceived(collectionId, personId, command.query(), command.page(), command.responseSha256(),
                    entry.entryIndex(), entry.resourceType(), entry.resourceId(), entry.versionId(),
                    entry.profiles() == null ? List.of() : List.copyOf(entry.profiles()), entry.searchMode(), fhirVersion,
                    command.receivedAt()));
        }
    }

    @CommandHandler
    void handle(RecordFetchFailure command) {
        requireOpenQuery(command.query());
        apply(new FetchFailed(collectionId, personId, command.query(), command.page(), command.url(), command.httpStatus(),
                command.failure(), command.message(),
                command.operationOutcome() == null ? List.of() : List.copyOf(command.operationOutcome()),
                command.responseSha256(), command.requestId(), command.failedAt()));
    }

    @CommandHandler
    void handle(RecordQueryCompleted command) {
        requireOpenQuery(command.query());
        apply(new QueryCompleted(collectionId, personId, command.query(), resourcesPerQuery.getOrDefault(command.query(), 0),
                (int) pagesSeen.stream().filter(p -> p.startsWith(command.query() + "#")).count(),
                command.diagnostics() == null ? List.of() : List.copyOf(command.diagnostics()), command.completedAt()));
    }

    @CommandHandler
    void handle(CompleteCollection command) {
        if (stage == Stage.ENDED) {
            return; // idempotent: the process may retry
        }
        int unfinished = (int) queries.stream().filter(q -> !succeeded.contains(q) && !failed.contains(q)).count();
        int failures = failed.size() + (stage == Stage.FETCHING ? unfinished : queries.size());
        int successes = succeeded.size();
        CollectionOutcome outcome;
        if (successes == 0) {
            outcome = CollectionOutcome.FAILED;
        } else if (failures > 0) {
            outcome = CollectionOutcome.PARTIAL;
        } else if (resources == 0) {
            outcome = CollectionOutcome.NO_DATA;
        } else {
            outcome = CollectionOutcome.COMPLETED;
        }
        String reason = command.reason();
        if (reason == null && unfinished > 0) {
            reason = unfinished + " queries did not finish";
        }
        apply(new CollectionCompleted(collectionId, personId, outcome, resources, successes, failures, reason, command.completedAt()));
    }

    private void requireStage(Stage expected, String message) {
        if (stage != expected) {
            throw new IllegalStateException(message);
        }
    }

    private void requireOpenQuery(String query) {
        requireStage(Stage.FETCHING, "resources can only be recorded while the collection is fetching");
        if (!queries.contains(query)) {
            throw new IllegalArgumentException("query is not part of this collection's gegevensdienst: " + query);
        }
        if (succeeded.contains(query) || failed.contains(query)) {
            throw new IllegalStateException("query already finished: " + query);
        }
    }

    @EventSourcingHandler
    void on(CollectionRequested event) {
        collectionId = event.collectionId();
        personId = event.personId();
        fhirVersion = event.fhirVersion();
        queries = new LinkedHashSet<>(event.queries());
        stage = Stage.REQUESTED;
    }

    @EventSourcingHandler
    void on(AuthorizationGranted event) {
        stage = Stage.AUTHORIZED;
    }

    @EventSourcingHandler
    void on(OfflineCollectionStarted event) {
        stage = Stage.AUTHORIZED;
    }

    @EventSourcingHandler
    void on(TokenGranted event) {
        stage = Stage.FETCHING;
    }

    @EventSourcingHandler
    void on(ResponseReceived event) {
        pagesSeen.add(event.query() + "#" + event.page());
    }

    @EventSourcingHandler
    void on(ResourceReceived event) {
        resources++;
        resourcesPerQuery.merge(event.query(), 1, Integer::sum);
    }

    @EventSourcingHandler
    void on(FetchFailed event) {
        failed.add(event.query());
    }

    @EventSourcingHandler
    void on(QueryCompleted event) {
        succeeded.add(event.query());
    }

    @EventSourcingHandler
    void on(CollectionCompleted event) {
        stage = Stage.ENDED;
    }
}
