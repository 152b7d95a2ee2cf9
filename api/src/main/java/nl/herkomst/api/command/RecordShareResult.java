package nl.herkomst.api.command;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.share.EntryResult;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider accepted the Bundle (2xx). */
public record RecordShareResult(@TargetAggregateIdentifier ShareId shareId, int httpStatus, String contentType, String responseSha256,
                                long responseSize, List<EntryResult> entries, List<String> assigned, List<OperationOutcomeIssue> issues,
                                Instant at) {
}
