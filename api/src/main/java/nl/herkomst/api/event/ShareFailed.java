package nl.herkomst.api.event;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.Personal;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.share.ShareFailure;
import nl.herkomst.api.share.ShareStage;

/**
 * The share ended without the provider accepting the data. {@code issues} are the provider's
 * OperationOutcome issues, or (stage VALIDATION) the validation errors with quoted values left out (the
 * full report is in the content store under the ShareRequested's {@code validationReportSha256}).
 */
public record ShareFailed(ShareId shareId, @Personal PersonId personId, ShareStage stage, ShareFailure failure, Integer httpStatus, String error,
                          @Personal String message, @Personal List<OperationOutcomeIssue> issues, String responseSha256, Instant failedAt) {

    /** A personal list of an erased person reads back as null: it is an empty list here, so that no reader has to ask. */
    public ShareFailed {
        issues = issues == null ? List.of() : issues;
    }
}
