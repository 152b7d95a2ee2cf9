package nl.herkomst.api.command;

/**
 * The browser came back on the redirect URI. Looked up by {@code state} first; then either {@code code}
 * or {@code error} is handled. The code never leaves the command side's short-lived secret store.
 */
public record HandleAuthorizationCallback(String state, String code, String error, String errorDescription) {
    @Override
    public String toString() {
        // never print the code or the state
        return "HandleAuthorizationCallback[error=" + error + "]";
    }
}
