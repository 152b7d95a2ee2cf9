package nl.herkomst.api;

/** How a collection ended. */
public enum CollectionOutcome {
    /** Every query succeeded and at least one resource came back. */
    COMPLETED,
    /** Some queries failed, others succeeded: what came back is kept, the failures are named per query. */
    PARTIAL,
    /** Nothing could be collected because of a technical error (token exchange, or every query failed). */
    FAILED,
    /** Every query succeeded and the provider has no data for this person. */
    NO_DATA,
    /** The provider's authorization server refused (see the refusal reason). */
    REFUSED
}
