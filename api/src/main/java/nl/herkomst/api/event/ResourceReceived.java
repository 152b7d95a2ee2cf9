package nl.herkomst.api.event;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;

/**
 * One resource in a response page. The content stays in the stored response ({@code responseSha256},
 * entry {@code entryIndex}); the event carries only what identifies it.
 *
 * @param searchMode {@code match}, {@code include} or {@code outcome} as the provider marked it (may be null)
 */
public record ResourceReceived(
        CollectionId collectionId,
        @Personal PersonId personId,
        String query,
        int page,
        String responseSha256,
        int entryIndex,
        String resourceType,
        @Personal String resourceId,
        String versionId,
        List<String> profiles,
        String searchMode,
        String fhirVersion,
        Instant receivedAt) {
}
