package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.ConsentId;

/**
 * The consent ended without the person withdrawing it in the PGO.
 *
 * @param reason {@code NOT_USED} (no collection for the configured period, six months by MedMij's rule),
 *               {@code REFUSED_BY_PROVIDER} (the token endpoint refused the refresh token: withdrawn or expired at the
 *               provider), or {@code SUPERSEDED} (a newer consent for the same provider and gegevensdienst)
 * @param error the token endpoint's OAuth error code, when it refused
 */
public record ConsentLapsed(ConsentId consentId, String reason, String error, Instant lapsedAt) {
}
