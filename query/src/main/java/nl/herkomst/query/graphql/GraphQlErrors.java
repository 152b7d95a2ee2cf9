package nl.herkomst.query.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import nl.herkomst.api.RefusedException;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;
import org.springframework.stereotype.Component;

/** GraphQL errors carry the same stable codes as the REST problem details. */
@Component
public class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        return of(ex, GraphqlErrorBuilder.newError(env));
    }

    static GraphQLError of(Throwable ex, GraphqlErrorBuilder<?> builder) {
        if (ex instanceof RefusedException r) {
            return builder.errorType(r.kind() == RefusedException.Kind.NOT_FOUND ? ErrorType.NOT_FOUND
                            : r.kind() == RefusedException.Kind.FORBIDDEN ? ErrorType.FORBIDDEN : ErrorType.BAD_REQUEST)
                    .message(r.getMessage()).extensions(Map.of("code", r.code())).build();
        }
        if (ex instanceof IllegalArgumentException) {
            return builder.errorType(ErrorType.BAD_REQUEST).message(ex.getMessage()).extensions(Map.of("code", "INVALID_REQUEST")).build();
        }
        return null;
    }

    /** The same codes for errors of a subscription's stream. */
    @Component
    public static class Subscriptions extends SubscriptionExceptionResolverAdapter {
        @Override
        protected GraphQLError resolveToSingleError(Throwable ex) {
            return of(ex, GraphqlErrorBuilder.newError());
        }
    }
}
