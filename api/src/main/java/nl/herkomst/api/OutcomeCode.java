package nl.herkomst.api;

import java.util.List;

/**
 * Why a query or a collection ended as it did, in codes a front end can translate (qualification asks
 * the PGO to show why nothing came back: no data at the provider versus a technical error).
 */
public enum OutcomeCode {
    /** Resources came back. */
    DATA,
    /** The provider has no such data: an empty searchset, or its "No such resources." refusal. */
    NO_DATA,
    /** The person refused consent at the provider. */
    CONSENT_REFUSED,
    /** The provider could not establish authorization (identity, consent, token exchange). */
    AUTHORIZATION_FAILED,
    /** The provider does not support the resource or search: 404 on the type, OperationOutcome not-supported/not-found. */
    UNSUPPORTED,
    /** HTTP 4xx/5xx, a timeout, a network failure, an unparsable or non-FHIR body. */
    TECHNICAL_ERROR,
    /** The provider refused the access token (HTTP 401), or it expired before every query had run. */
    TOKEN_EXPIRED,
    /** A later page failed after earlier pages came in: what came is kept, but it is not all there is. */
    INCOMPLETE,
    /** Not finished yet. */
    PENDING,
    /** The collection ended before this query ran. */
    NOT_RUN;

    /** The outcome of a query that failed. */
    public static OutcomeCode ofFailure(int page, Integer httpStatus, FetchFailure failure, List<OperationOutcomeIssue> issues) {
        if (page > 1) {
            return INCOMPLETE;
        }
        if (failure == FetchFailure.NO_TOKEN || Integer.valueOf(401).equals(httpStatus)) {
            return TOKEN_EXPIRED;
        }
        boolean notSupported = issues != null && issues.stream()
                .anyMatch(i -> "not-supported".equals(i.code()) || "not-found".equals(i.code()));
        if (Integer.valueOf(404).equals(httpStatus) || notSupported && httpStatus != null && httpStatus < 500) {
            return UNSUPPORTED;
        }
        return TECHNICAL_ERROR;
    }

    /** The outcome of a refusal by the authorization server. */
    public static OutcomeCode ofRefusal(RefusalReason reason) {
        return switch (reason) {
            case NO_SUCH_RESOURCES -> NO_DATA;
            case DENIED -> CONSENT_REFUSED;
            default -> AUTHORIZATION_FAILED;
        };
    }
}
