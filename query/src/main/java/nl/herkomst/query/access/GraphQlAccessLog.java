package nl.herkomst.query.access;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Access-log entries for GraphQL: one per person the request reads ({@code person(id: …)}, literally or by
 * variable), with the operation name as target.
 */
public class GraphQlAccessLog implements WebGraphQlInterceptor {

    private static final Pattern PERSON = Pattern.compile("person\\s*\\(\\s*id\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|\\$(\\w+))");

    private final AccessLog log;

    public GraphQlAccessLog(AccessLog log) {
        this.log = log;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Set<String> persons = persons(request.getDocument(), request.getVariables());
        String address = request.getRemoteAddress() == null ? null : request.getRemoteAddress().getAddress().getHostAddress();
        String agent = request.getHeaders().getFirst("User-Agent");
        String target = "graphql " + (request.getOperationName() == null ? "query" : request.getOperationName());
        return chain.next(request).doOnNext(response -> {
            for (String person : persons) {
                log.record("anonymous", person, "GRAPHQL", target, address, agent, response.isValid() ? 200 : 400);
            }
        });
    }

    static Set<String> persons(String document, Map<String, Object> variables) {
        Set<String> persons = new LinkedHashSet<>();
        Matcher m = PERSON.matcher(document == null ? "" : document);
        while (m.find()) {
            if (m.group(1) != null) {
                persons.add(m.group(1));
            } else if (variables != null && variables.get(m.group(2)) != null) {
                persons.add(String.valueOf(variables.get(m.group(2))));
            }
        }
        return persons;
    }
}
