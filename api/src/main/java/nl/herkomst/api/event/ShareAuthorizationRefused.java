package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;
import nl.herkomst.api.RefusalReason;
import nl.herkomst.api.ShareId;

/** The callback of a share carried an error: the authorization server did not grant the share. */
public record ShareAuthorizationRefused(ShareId shareId, @Personal PersonId personId, RefusalReason reason, String error, @Personal String errorDescription, Instant refusedAt) {
}
