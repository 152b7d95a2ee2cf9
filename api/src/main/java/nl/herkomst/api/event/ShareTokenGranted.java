package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.ShareId;

/** The token endpoint gave an access token for the share; the token is in the vault, {@code tokenReference} is an opaque handle. */
public record ShareTokenGranted(ShareId shareId, String tokenReference, Instant expiresAt, String grantedScope, boolean refreshTokenIssued,
                                Instant grantedAt) {
}
