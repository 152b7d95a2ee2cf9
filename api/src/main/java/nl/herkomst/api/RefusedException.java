package nl.herkomst.api;

/**
 * A command or query that was refused for a reason the caller can act on, with a stable error code
 * (for example {@code UNKNOWN_PROVIDER}) that API clients may rely on.
 */
public class RefusedException extends RuntimeException {

    /** What kind of refusal, so an API can pick its status code. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAVAILABLE, FORBIDDEN }

    private final Kind kind;
    private final String code;

    public RefusedException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** Whether {@code e}, or one of its causes (a command's refusal arrives wrapped or not), is a refusal with this code. */
    public static boolean hasCode(Throwable e, String code) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedException r && r.code().equals(code)) {
                return true;
            }
        }
        return false;
    }
}
