package nl.herkomst.command.collection;

/** A collection that cannot be started, with a stable error code for the API. */
public class CollectionRefusedException extends RuntimeException {
    private final String code;

    public CollectionRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
