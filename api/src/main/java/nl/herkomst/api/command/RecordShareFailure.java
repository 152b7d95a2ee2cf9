package nl.herkomst.api.command;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.share.ShareFailure;
import nl.herkomst.api.share.ShareStage;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordShareFailure(@TargetAggregateIdentifier ShareId shareId, ShareStage stage, ShareFailure failure, Integer httpStatus,
                                 String error, String message, List<OperationOutcomeIssue> issues, String responseSha256, Instant at) {
}
