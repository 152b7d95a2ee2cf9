package nl.herkomst.query.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.query.CollectionView;
import nl.herkomst.api.query.FindCollection;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A collection's progress as it happens, as Server-Sent Events: the status now, then a {@code status}
 * event after every step ("query 7 of 28 done", the outcome per query), until the final status. A front
 * end can show a progress bar without polling.
 */
@RestController
public class CollectionEventsController {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final QueryGateway queries;
    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();

    public CollectionEventsController(QueryGateway queries) {
        this.queries = queries;
    }

    @io.swagger.v3.oas.annotations.Operation(summary = "A collection's progress as Server-Sent Events (event 'status', until the final status)")
    @GetMapping(value = "/api/persons/{personId}/collections/{collectionId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable String personId, @PathVariable String collectionId) {
        FindCollection query = new FindCollection(new PersonId(personId), new CollectionId(collectionId));
        SubscriptionQueryResult<Optional<CollectionView>, CollectionView> subscription = queries.subscriptionQuery(query,
                ResponseTypes.optionalInstanceOf(CollectionView.class), ResponseTypes.instanceOf(CollectionView.class));
        Optional<CollectionView> now = subscription.initialResult().block(Duration.ofSeconds(10));
        if (now == null || now.isEmpty()) {
            subscription.cancel();
            throw new RefusedException(RefusedException.Kind.NOT_FOUND, "COLLECTION_NOT_FOUND", "no collection " + collectionId + " for this person");
        }
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        open.add(emitter);
        AtomicLong sequence = new AtomicLong();
        emitter.onCompletion(() -> {
            open.remove(emitter);
            subscription.cancel();
        });
        emitter.onTimeout(subscription::cancel);
        emitter.onError(e -> subscription.cancel());
        if (send(emitter, now.get(), sequence.incrementAndGet())) {
            return emitter;
        }
        subscription.updates().subscribe(view -> send(emitter, view, sequence.incrementAndGet()), emitter::completeWithError, emitter::complete);
        return emitter;
    }

    /**
     * Open streams end as the application starts to stop: before the web server's graceful shutdown, which
     * would otherwise wait its whole timeout (30 s) for them.
     */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        open.forEach(SseEmitter::complete);
    }

    /** Sends one status (event ids count up per stream); completes the stream after the final one. True when done. */
    private static boolean send(SseEmitter emitter, CollectionView view, long id) {
        try {
            emitter.send(SseEmitter.event().name("status").id(Long.toString(id)).data(view, MediaType.APPLICATION_JSON));
            if (view.isFinal()) {
                emitter.complete();
                return true;
            }
            return false;
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
            return true;
        }
    }
}
