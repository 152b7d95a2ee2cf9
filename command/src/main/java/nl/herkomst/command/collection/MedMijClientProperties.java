package nl.herkomst.command.collection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * This PGO as a MedMij OAuth client.
 *
 * @param clientId    the host name of the PGO's front-channel node, as in the OAuth client list (OCL)
 * @param redirectUri the redirect URI on that host ({@code /oauth/callback})
 * @param stateTtl    how long a person may take at the provider before the callback is refused
 */
@ConfigurationProperties("herkomst.medmij")
public record MedMijClientProperties(String clientId, String redirectUri, Duration stateTtl) {
    public MedMijClientProperties {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("herkomst.medmij.client-id must be set (the PGO's host name in the OCL)");
        }
        if (redirectUri == null || redirectUri.contains("?") || redirectUri.contains("#")) {
            throw new IllegalArgumentException("herkomst.medmij.redirect-uri must be set and carry no query or fragment");
        }
        stateTtl = stateTtl == null ? Duration.ofMinutes(15) : stateTtl;
    }
}
