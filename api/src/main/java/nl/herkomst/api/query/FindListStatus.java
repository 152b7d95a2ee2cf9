package nl.herkomst.api.query;

import java.time.Instant;

/** The version of each MedMij list in use {@code at} (null: now), with its age and last rejection; answered with {@link ListStatuses}. */
public record FindListStatus(Instant at) {
}
