package nl.herkomst.api.event;

import java.time.Instant;

/**
 * A person was erased (AVG art. 17). The event holds nothing of the person: not their id, not a hash of it.
 * It records that an erasure happened, who asked (the person or an administrator), how much was removed,
 * and when. Their other events stay in the store with their personal values unreadable (their key is gone).
 *
 * @param requestedBy {@code PERSON} or {@code ADMIN}
 * @param administrator the administrator's token subject when an administrator erased (a member of staff, accountable for it);
 *                      {@code null} when the person erased themselves (their id would be the trace erasure removes)
 * @param collections the person's collections whose traces were removed
 * @param shares the person's shares whose traces were removed
 * @param consents the person's long-term consents whose refresh tokens and rows were removed
 * @param responses stored provider responses and sent Bundles deleted (those also referenced by another person's events stay)
 */
public record PersonErased(String erasureId, String requestedBy, String administrator, int collections, int shares, int consents, int responses,
                           Instant erasedAt) {
}
