package nl.herkomst.api;

/**
 * Why the authorization server refused, per the MedMij exception table (medmij.md §2.4).
 */
public enum RefusalReason {
    /** access_denied + "No such resources.": the provider has no data for this person (not a technical error). */
    NO_SUCH_RESOURCES,
    /** access_denied + "Authorization denied.": the person refused consent. */
    DENIED,
    /** access_denied + "Authorization failed.": the AS could not establish authorization. */
    FAILED,
    /** unauthorized_client: the person's identity could not be established (e.g. DigiD cancelled). */
    UNAUTHORIZED_CLIENT,
    /** invalid_request: the AS found the request invalid. */
    INVALID_REQUEST,
    /** Any other error code. */
    OTHER;

    public static RefusalReason of(String error, String description) {
        if (error == null) {
            return OTHER;
        }
        return switch (error) {
            case "access_denied" -> {
                String d = description == null ? "" : description.trim();
                if (d.equalsIgnoreCase("No such resources.")) yield NO_SUCH_RESOURCES;
                if (d.equalsIgnoreCase("Authorization denied.")) yield DENIED;
                if (d.equalsIgnoreCase("Authorization failed.")) yield FAILED;
                yield DENIED;
            }
            case "unauthorized_client" -> UNAUTHORIZED_CLIENT;
            case "invalid_request" -> INVALID_REQUEST;
            default -> OTHER;
        };
    }
}
