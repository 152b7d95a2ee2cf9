package nl.herkomst.api.event;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.share.EntryResult;

/**
 * The provider accepted the Bundle (HTTP 2xx). Its answer is kept verbatim under {@code responseSha256}.
 *
 * @param entries  the provider's status and location per entry, in the Bundle's order
 * @param assigned the ids the provider assigned ({@code Observation/123}), from the entries' locations
 * @param issues   the OperationOutcome issues of the answer (its text is shown to the person)
 * @param rejected entries whose status was not 2xx (only possible in a batch)
 */
public record DataShared(ShareId shareId, @Personal PersonId personId, int httpStatus, String contentType, String responseSha256, long responseSize,
                         @Personal List<EntryResult> entries, @Personal List<String> assigned, @Personal List<OperationOutcomeIssue> issues, int accepted, int rejected,
                         Instant sharedAt) {

    /** A personal list of an erased person reads back as null: it is an empty list here, so that no reader has to ask. */
    public DataShared {
        entries = entries == null ? List.of() : entries;
        assigned = assigned == null ? List.of() : assigned;
        issues = issues == null ? List.of() : issues;
    }
}
