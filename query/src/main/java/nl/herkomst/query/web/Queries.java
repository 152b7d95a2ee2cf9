package nl.herkomst.query.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import nl.herkomst.api.RefusedException;

/** Waits for a query's answer and gives a refusal by its handler back as such, for the API's error mapping. */
final class Queries {

    private Queries() {
    }

    static <T> T join(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RefusedException r) {
                    throw r;
                }
            }
            throw e;
        }
    }
}
