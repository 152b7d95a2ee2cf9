package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.RefusalReason;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefuseAuthorization(
        @TargetAggregateIdentifier CollectionId collectionId,
        RefusalReason reason,
        String error,
        String errorDescription,
        Instant refusedAt) {
}
