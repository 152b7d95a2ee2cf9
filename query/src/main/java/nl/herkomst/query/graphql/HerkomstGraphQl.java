package nl.herkomst.query.graphql;

import graphql.scalars.ExtendedScalars;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.query.CollectionView;
import nl.herkomst.api.query.CollectionViews;
import nl.herkomst.api.query.DossierResource;
import nl.herkomst.api.query.DossierResources;
import nl.herkomst.api.query.FindCollection;
import nl.herkomst.api.query.FindCollections;
import nl.herkomst.api.query.FindResources;
import nl.herkomst.api.query.ResourceElements;
import nl.herkomst.query.elements.FhirJson;
import nl.herkomst.query.projection.ReadModelQueries;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * GraphQL ({@code /graphql}) over the same read models as the REST API: person → collections (status,
 * queries, outcomes) → resources (JSON as received, elements, provenance), with filters and cursor
 * pagination, and a subscription for a collection's progress.
 */
@Controller
public class HerkomstGraphQl {

    public record Person(String id) {
    }

    public record PageInfo(boolean hasNextPage, String endCursor) {
    }

    public record Edge<T>(String cursor, T node) {
    }

    public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo, int totalCount) {
    }

    /** A dossier resource with the person whose dossier it is in (element lists resolve references there). */
    public record ResourceNode(String personId, DossierResource resource) {
        public String resourceType() {
            return resource.resourceType();
        }

        public String id() {
            return resource.id();
        }

        public DossierResource.Provenance provenance() {
            return resource.provenance();
        }
    }

    private static final int MAX_PAGE = 100;

    private final QueryGateway queries;
    private final ReadModelQueries views;
    /** Emits once, as the application starts to stop: open subscriptions complete then (see {@link #stopping()}). */
    private final Sinks.One<Boolean> stopping = Sinks.one();

    private final nl.herkomst.query.access.GraphQlAccessLog accessLog;

    public HerkomstGraphQl(QueryGateway queries, ReadModelQueries views, nl.herkomst.query.access.GraphQlAccessLog accessLog) {
        this.queries = queries;
        this.views = views;
        this.accessLog = accessLog;
    }

    @Bean
    static RuntimeWiringConfigurer herkomstScalars() {
        return wiring -> wiring.scalar(ExtendedScalars.Json);
    }

    /** A query may not ask for more than this many fields in all (aliases included): no one request can exhaust the server. */
    @Bean
    static graphql.analysis.MaxQueryComplexityInstrumentation maxComplexity() {
        return new graphql.analysis.MaxQueryComplexityInstrumentation(500);
    }

    @Bean
    static graphql.analysis.MaxQueryDepthInstrumentation maxDepth() {
        return new graphql.analysis.MaxQueryDepthInstrumentation(12);
    }

    /** The GraphQL context key of the authenticated person (the API token's subject), set by the application's security. */
    public static final String SUBJECT = "herkomst.subject";

    @QueryMapping
    public Person person(@Argument String id, @org.springframework.graphql.data.method.annotation.ContextValue(name = SUBJECT, required = false)
            String subject, graphql.GraphQLContext context) {
        requireOwn(id, subject);
        Person person = new Person(new PersonId(id).value());
        accessLog.record(subject, person.id(), context);
        return person;
    }

    /** A person reads only their own data: the id asked for must be the token's subject (fail closed when there is none). */
    static void requireOwn(String personId, String subject) {
        if (subject == null || !subject.equals(personId)) {
            throw new RefusedException(RefusedException.Kind.FORBIDDEN, "FORBIDDEN", "a person can only read their own data");
        }
    }

    @SchemaMapping(typeName = "Person")
    public CollectionView collection(Person person, @Argument String id) {
        return queries.query(new FindCollection(new PersonId(person.id()), new CollectionId(id)),
                ResponseTypes.optionalInstanceOf(CollectionView.class)).join().orElse(null);
    }

    @SchemaMapping(typeName = "Person")
    public Connection<CollectionView> collections(Person person, @Argument String provider, @Argument String gegevensdienst,
                                                  @Argument Integer first, @Argument String after) {
        List<CollectionView> all = queries.query(new FindCollections(new PersonId(person.id())), CollectionViews.class).join().collections();
        Predicate<CollectionView> filter = c -> (provider == null || provider.equals(c.provider()))
                && (gegevensdienst == null || gegevensdienst.equals(c.gegevensdienst()));
        return page(all.stream().filter(filter).toList(), first, after);
    }

    @SchemaMapping(typeName = "Person")
    public Connection<ResourceNode> resources(Person person, @Argument String type, @Argument String provider,
                                                 @Argument String gegevensdienst, @Argument String receivedFrom,
                                                 @Argument String receivedTo, @Argument Integer first, @Argument String after) {
        Instant from = instant(receivedFrom, "receivedFrom");
        Instant to = instant(receivedTo, "receivedTo");
        if (type != null && !type.matches("[A-Z][A-Za-z]{1,63}")) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_RESOURCE_TYPE", "type must be a FHIR resource type name");
        }
        List<DossierResource> all = queries.query(new FindResources(new PersonId(person.id()), type), DossierResources.class).join().resources();
        Predicate<DossierResource> filter = r -> (provider == null || provider.equals(r.provenance().provider()))
                && (gegevensdienst == null || gegevensdienst.equals(r.provenance().gegevensdienst()))
                && (from == null || !r.provenance().receivedAt().isBefore(from))
                && (to == null || r.provenance().receivedAt().isBefore(to));
        return page(all.stream().filter(filter).map(r -> new ResourceNode(person.id(), r)).toList(), first, after);
    }

    @SchemaMapping(typeName = "Resource")
    public Object json(ResourceNode node) {
        return FhirJson.MAPPER.readValue(node.resource().resourceJson(), Map.class);
    }

    @SchemaMapping(typeName = "Resource")
    public List<ResourceElements.Element> elements(ResourceNode node) {
        return views.elementsOf(node.personId(), node.resource()).elements();
    }

    @SubscriptionMapping
    public Flux<CollectionView> collectionProgress(@Argument String personId, @Argument String collectionId,
            @org.springframework.graphql.data.method.annotation.ContextValue(name = SUBJECT, required = false) String subject,
            graphql.GraphQLContext context) {
        requireOwn(personId, subject);
        accessLog.record(subject, new PersonId(personId).value(), context);
        FindCollection query = new FindCollection(new PersonId(personId), new CollectionId(collectionId));
        // opened when someone listens, so a stream never listened to (a subscription over plain HTTP) holds nothing open
        return Flux.defer(() -> {
            SubscriptionQueryResult<Optional<CollectionView>, CollectionView> subscription = queries.subscriptionQuery(query,
                    ResponseTypes.optionalInstanceOf(CollectionView.class), ResponseTypes.instanceOf(CollectionView.class));
            return subscription.initialResult()
                    .flatMap(now -> now.<Mono<CollectionView>>map(Mono::just).orElseGet(() -> Mono.error(new RefusedException(
                            RefusedException.Kind.NOT_FOUND, "COLLECTION_NOT_FOUND", "no collection " + collectionId + " for this person"))))
                    .concatWith(subscription.updates())
                    .takeUntil(CollectionView::isFinal)
                    .timeout(Duration.ofMinutes(30))
                    .takeUntilOther(stopping.asMono())
                    .doFinally(signal -> subscription.cancel());
        });
    }

    /**
     * Open subscriptions complete as the application starts to stop: before the web server's graceful
     * shutdown, which would otherwise wait its whole timeout (30 s) for them.
     */
    @EventListener(ContextClosedEvent.class)
    void stopping() {
        stopping.tryEmitValue(true);
    }

    private static Instant instant(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_REQUEST", name + " must be an ISO-8601 instant");
        }
    }

    static <T> Connection<T> page(List<T> all, Integer first, String after) {
        int size = first == null ? 50 : first;
        if (size < 1 || size > MAX_PAGE) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_REQUEST", "first must be 1.." + MAX_PAGE);
        }
        long start = after == null ? 0 : offset(after) + 1L;
        List<Edge<T>> edges = new java.util.ArrayList<>();
        for (long i = start; i < Math.min(all.size(), start + size); i++) {
            edges.add(new Edge<>(cursor((int) i), all.get((int) i)));
        }
        boolean more = start + size < all.size();
        return new Connection<>(edges, new PageInfo(more, edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()), all.size());
    }

    static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    static int offset(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!s.startsWith("o:")) {
                throw new IllegalArgumentException();
            }
            int offset = Integer.parseInt(s.substring(2));
            if (offset < 0) {
                throw new IllegalArgumentException();
            }
            return offset;
        } catch (RuntimeException e) {
            throw new RefusedException(RefusedException.Kind.INVALID, "INVALID_REQUEST", "not a cursor of this API: " + cursor);
        }
    }
}
