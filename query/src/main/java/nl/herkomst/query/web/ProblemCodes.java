package nl.herkomst.query.web;

import org.springframework.http.HttpStatus;

/** The stable {@code code} of a problem that has nothing more specific to say than its HTTP status. */
public final class ProblemCodes {

    private ProblemCodes() {
    }

    public static String of(int status) {
        return switch (status) {
            case 400 -> "INVALID_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 404 -> "NOT_FOUND";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 500 -> "INTERNAL_ERROR";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield known == null ? "HTTP_" + status : known.name();
            }
        };
    }

    /** A detail that says what the status means, and nothing of the request. */
    public static String detail(int status) {
        return switch (status) {
            case 400 -> "the request could not be read: its path, query, headers or body are malformed";
            case 404 -> "no such endpoint";
            case 413 -> "the request body is too large";
            case 500 -> "the request could not be handled";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield known == null ? "HTTP status " + status : known.getReasonPhrase();
            }
        };
    }
}
