package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.RefusalReason;
import nl.herkomst.api.ShareId;

/** The callback of a share carried an error: the authorization server did not grant the share. */
public record ShareAuthorizationRefused(ShareId shareId, RefusalReason reason, String error, String errorDescription, Instant refusedAt) {
}
