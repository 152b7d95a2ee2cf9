package nl.herkomst.query.share;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.share.EntryResult;
import nl.herkomst.api.share.SharedEntry;

/**
 * A share as the person (and the front end) sees it: what was sent to whom and when, and what the provider
 * answered. {@code providerText} is the text of the provider's OperationOutcome (its confirmation or
 * refusal), to be shown to the person as it is.
 *
 * @param status AWAITING_AUTHORIZATION, AUTHORIZED, TOKEN_GRANTED, SENDING (in progress); SHARED, PARTIALLY_SHARED,
 *               NOT_SENT_INVALID, AUTHORIZATION_REFUSED, EXPIRED (not confirmed in time),
 *               REFUSED_BY_PROVIDER, FAILED (final; failure OUTCOME_UNKNOWN: interrupted while sending, not sent again)
 * @param validationReport the validation report (a FHIR OperationOutcome) when the validator had anything to say
 */
public record ShareView(String shareId, String kind, String status, boolean isFinal, String provider, String gegevensdienst,
                        String gegevensdienstName, String gegevensdienstVersion, String fhirVersion, String bundleType, String bundleSha256,
                        Long bundleSize, List<SharedEntry> entries, String source, String listVersion, Instant requestedAt, Instant authorizedAt,
                        Instant sentAt, Instant completedAt, Integer httpStatus, String failure, String stage, String error, String message,
                        String providerText, List<OperationOutcomeIssue> issues, List<EntryResult> entryResults, List<String> assigned,
                        Integer accepted, Integer rejected, String responseSha256, @JsonRawValue String validationReport) {
}
