package nl.herkomst.api.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The MedMij lists as the back channel uses them. */
public record ListStatuses(List<ListStatus> lists) {

    /**
     * One list.
     *
     * @param status       {@code CURRENT}, {@code STALE} (older than the maximum age: the stelselnode has not
     *                     given a good copy for too long), {@code MISSING} (none accepted yet) or
     *                     {@code HISTORICAL} (asked for a past moment)
     * @param fetchedAt    when the version in use was downloaded and accepted
     * @param confirmedAt  when a download last brought it (unchanged) again
     * @param ageSeconds   seconds since then
     */
    public record ListStatus(String list, String source, String status, String volgnummer, String tijdstempel, String release,
                             String sha256, Long size, Map<String, Integer> counts, Instant fetchedAt, Instant confirmedAt,
                             Long ageSeconds, Instant lastAttempt, Rejection lastRejection) {
    }

    public record Rejection(String code, List<String> reasons, String source, Instant at) {
    }
}
