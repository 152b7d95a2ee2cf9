package nl.herkomst.query.access;

import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Access-log entries for GraphQL are written where a person is actually read: by the resolver of
 * {@code person(id:)} (and of the progress subscription), after the token's subject was found to be that person,
 * with the subject as actor. This interceptor only hands the resolvers what the request says about its
 * caller (address, user agent, operation name), through the GraphQL context.
 */
public class GraphQlAccessLog implements WebGraphQlInterceptor {

    public static final String ADDRESS = "herkomst.access.address";
    public static final String AGENT = "herkomst.access.agent";
    public static final String OPERATION = "herkomst.access.operation";

    private final AccessLog log;

    public GraphQlAccessLog(AccessLog log) {
        this.log = log;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Map<String, Object> context = new java.util.HashMap<>();
        if (request.getRemoteAddress() != null) {
            context.put(ADDRESS, request.getRemoteAddress().getAddress().getHostAddress());
        }
        String agent = request.getHeaders().getFirst("User-Agent");
        if (agent != null) {
            context.put(AGENT, agent);
        }
        context.put(OPERATION, "graphql " + (request.getOperationName() == null ? "query" : request.getOperationName()));
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(context).build());
        return chain.next(request);
    }

    /** One entry: {@code actor} read {@code person}'s data through GraphQL. */
    public void record(String actor, String person, graphql.GraphQLContext context) {
        log.record(actor, person, "GRAPHQL", context.getOrDefault(OPERATION, "graphql"), context.get(ADDRESS), context.get(AGENT), 200);
    }
}
