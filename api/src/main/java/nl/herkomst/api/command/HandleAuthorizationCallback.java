package nl.herkomst.api.command;

/**
 * The browser came back on the redirect URI. Looked up by {@code state} first; then either {@code code}
 * or {@code error} is handled. The code never leaves the command side's short-lived secret store.
 */
/**
 * The authorization server's answer on the redirect URI. {@code relayedBy}: the person whose front end relayed it
 * ({@code POST /api/persons/{p}/authorizations}); the state must then belong to an authorization that person
 * started. {@code null} when the backend's own redirect URI received it from the browser.
 */
public record HandleAuthorizationCallback(String state, String code, String error, String errorDescription, nl.herkomst.api.PersonId relayedBy) {

    public HandleAuthorizationCallback(String state, String code, String error, String errorDescription) {
        this(state, code, error, errorDescription, null);
    }

    @Override
    public String toString() {
        // never print the code or the state
        return "HandleAuthorizationCallback[error=" + error + "]";
    }
}
