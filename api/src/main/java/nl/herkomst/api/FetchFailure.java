package nl.herkomst.api;

/** The kind of technical failure of one FHIR query. */
public enum FetchFailure {
    /** The provider answered with an HTTP error status (4xx/5xx). */
    HTTP_ERROR,
    /** No answer within the timeout. */
    TIMEOUT,
    /** The connection failed (refused, TLS, DNS). */
    NETWORK,
    /** The body could not be parsed as FHIR. */
    UNPARSABLE,
    /** The body was FHIR, but not a searchset Bundle (for example a bare OperationOutcome). */
    NOT_A_BUNDLE,
    /** A next link pointed elsewhere than the resource endpoint's host, or looped, or exceeded the page cap. */
    PAGING,
    /** The access token was not available (expired or lost on restart). */
    NO_TOKEN,
    /** The host is not on the current MedMij Whitelist: no connection was opened. */
    HOST_NOT_WHITELISTED
}
