package nl.herkomst.api.command;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** One successfully parsed response page and the resources in it. */
public record RecordPage(
        @TargetAggregateIdentifier CollectionId collectionId,
        String query,
        int page,
        String url,
        int httpStatus,
        String contentType,
        String responseSha256,
        long size,
        String requestId,
        List<PageEntry> entries,
        Instant receivedAt) {

    /** A resource in the page, at its place in {@code Bundle.entry}. */
    public record PageEntry(
            int entryIndex, String resourceType, String resourceId, String versionId, List<String> profiles, String searchMode) {
    }
}
