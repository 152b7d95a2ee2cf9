package nl.herkomst.api.command;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The outcome of one download of a MedMij list, for the list's history to judge: a document that met the
 * rules of its release ({@code code} null) becomes the new version unless its Volgnummer is not higher than
 * the current one, or it is an empty Whitelist over a non-empty one; a failed download is recorded as such.
 * Answers {@code ACCEPTED}, {@code UNCHANGED} (the same bytes as the current version: nothing is recorded)
 * or {@code REJECTED:<code>}.
 */
public record RecordListDownload(@TargetAggregateIdentifier String list, String source, Instant fetchedAt, String sha256, int size,
                                 Integer httpStatus, String code, List<String> reasons, String release, String volgnummer,
                                 String tijdstempel, Map<String, Integer> counts, int entries) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String UNCHANGED = "UNCHANGED";

    public boolean valid() {
        return code == null;
    }
}
