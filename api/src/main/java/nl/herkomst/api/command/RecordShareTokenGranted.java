package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.ShareId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordShareTokenGranted(@TargetAggregateIdentifier ShareId shareId, String tokenReference, Instant expiresAt, String grantedScope,
                                      boolean refreshTokenIssued, Instant grantedAt) {
}
