package nl.herkomst.api.share;

/** Why a share did not reach the provider, or was not accepted by it. */
public enum ShareFailure {
    /** The Bundle failed validation: it was never sent. */
    BUNDLE_INVALID,
    /** The person or the provider's authorization server did not grant access. */
    AUTHORIZATION_REFUSED,
    /** The person did not come back from the provider within the authorization request's lifetime. */
    AUTHORIZATION_EXPIRED,
    /** No token: the token endpoint refused, or could not be reached. */
    TOKEN_FAILED,
    /** The provider answered the POST with a 4xx: it did not accept the data (its text says why). */
    REFUSED_BY_PROVIDER,
    /** No usable answer: 5xx, timeout, network, an answer that is not FHIR. */
    TECHNICAL_ERROR,
    /** The POST was started but its result was never recorded (e.g. a restart mid-way): it is not sent again. */
    OUTCOME_UNKNOWN
}
