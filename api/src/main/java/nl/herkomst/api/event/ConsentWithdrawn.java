package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.ConsentId;

/** The person (or an administrator on their request) withdrew the consent in the PGO; its refresh token is deleted. */
public record ConsentWithdrawn(ConsentId consentId, String withdrawnBy, Instant withdrawnAt) {
}
