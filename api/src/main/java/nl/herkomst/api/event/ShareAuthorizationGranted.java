package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.ShareId;

/** The callback of a share carried a code: the person confirmed the share at the provider. The code is in the vault, not here. */
public record ShareAuthorizationGranted(ShareId shareId, Instant grantedAt) {
}
