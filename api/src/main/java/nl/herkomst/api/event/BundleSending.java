package nl.herkomst.api.event;

import java.time.Instant;
import nl.herkomst.api.ShareId;

/**
 * Recorded just before the Bundle is POSTed: a share is sent at most once. A share that stays here (a
 * restart mid-way) ends as OUTCOME_UNKNOWN, never sent a second time.
 */
public record BundleSending(ShareId shareId, String url, String requestId, Instant sendingAt) {
}
