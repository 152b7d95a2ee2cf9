package nl.herkomst.api.event;

import java.time.Instant;
import java.util.Map;

/**
 * A new version of a MedMij list was downloaded, met the rules of its release and replaced the previous one.
 * Its bytes are kept in the content store under {@code sha256}.
 *
 * @param list        {@code zal}, {@code ocl}, {@code gnl} or {@code whitelist}
 * @param release     the release whose rules it meets ({@code 1.1} or {@code 1.0})
 * @param volgnummer  its Volgnummer (a positive integer, as digits)
 * @param tijdstempel its Tijdstempel, as written in the list
 * @param counts      the number of entries by kind (zorgaanbieders, gegevensdiensten, medmijnodes, …)
 * @param source      the URL it was downloaded from
 */
public record ListVersionAccepted(String list, String release, String volgnummer, String tijdstempel, String sha256, int size,
                                  Map<String, Integer> counts, String source, Instant fetchedAt) {
}
