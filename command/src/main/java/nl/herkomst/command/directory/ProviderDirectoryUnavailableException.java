package nl.herkomst.command.directory;

public class ProviderDirectoryUnavailableException extends RuntimeException {
    public ProviderDirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
