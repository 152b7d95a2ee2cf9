package nl.herkomst.api.event;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.OperationOutcomeIssue;

/**
 * A query succeeded on every page. {@code resources == 0} means the provider has no such data (an empty
 * searchset is a success, not a failure).
 *
 * @param diagnostics issues of OperationOutcome entries inside the searchset: diagnostics, never dossier content
 */
public record QueryCompleted(
        CollectionId collectionId, String query, int resources, int pages, List<OperationOutcomeIssue> diagnostics, Instant completedAt) {
}
