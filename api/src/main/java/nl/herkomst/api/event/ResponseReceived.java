package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.CollectionId;

/**
 * One HTTP response of the resource server, kept verbatim in the response store under its SHA-256.
 *
 * @param query the query of the gegevensdienst as configured (relative to the resource endpoint)
 * @param page  1 for the first page, then one more for every followed next link
 * @param url   the URL that was requested
 */
public record ResponseReceived(
        CollectionId collectionId,
        String query,
        int page,
        String url,
        int httpStatus,
        String contentType,
        String responseSha256,
        long size,
        String requestId,
        Instant receivedAt) {
}
