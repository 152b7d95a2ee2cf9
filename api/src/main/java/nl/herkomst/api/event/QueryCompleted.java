package nl.herkomst.api.event;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;

/**
 * A query succeeded on every page. {@code resources == 0} means the provider has no such data (an empty
 * searchset is a success, not a failure).
 *
 * @param diagnostics issues of OperationOutcome entries inside the searchset: diagnostics, never dossier content
 */
public record QueryCompleted(
        CollectionId collectionId, @Personal PersonId personId, String query, int resources, int pages,
        @Personal List<OperationOutcomeIssue> diagnostics, Instant completedAt) {

    /** A personal list of an erased person reads back as null: it is an empty list here, so that no reader has to ask. */
    public QueryCompleted {
        diagnostics = diagnostics == null ? List.of() : diagnostics;
    }
}
