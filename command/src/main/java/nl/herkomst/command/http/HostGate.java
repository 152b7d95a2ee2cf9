package nl.herkomst.command.http;

/**
 * Decides whether the back channel may connect to a host (medmij.md §4.6): asked by the one outbound
 * client before every request and again before every name lookup, so before any socket is opened.
 */
@FunctionalInterface
public interface HostGate {

    /**
     * Returns normally when {@code host} may be contacted; otherwise throws {@link HostRefusedException}.
     *
     * @param listDownload the request downloads a MedMij list (the stelselnode itself is then allowed)
     */
    void check(String host, boolean listDownload) throws HostRefusedException;

    /** Lets every host through: for tools that talk to no MedMij node (never used for provider traffic). */
    HostGate OPEN = (host, listDownload) -> {
    };

    /** A host the gate refused: no connection was opened. */
    class HostRefusedException extends java.io.IOException {
        private final String host;
        private final String code;

        public HostRefusedException(String host, String code, String message) {
            super(message);
            this.host = host;
            this.code = code;
        }

        public String host() {
            return host;
        }

        /** {@code HOST_NOT_WHITELISTED} or {@code NO_WHITELIST}. */
        public String code() {
            return code;
        }
    }
}
