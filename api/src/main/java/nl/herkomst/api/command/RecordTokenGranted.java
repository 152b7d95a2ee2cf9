package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordTokenGranted(
        @TargetAggregateIdentifier CollectionId collectionId,
        String tokenReference,
        Instant expiresAt,
        String grantedScope,
        boolean refreshTokenIssued,
        Instant grantedAt) {
}
