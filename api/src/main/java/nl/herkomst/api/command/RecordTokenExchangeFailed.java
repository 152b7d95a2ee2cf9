package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordTokenExchangeFailed(
        @TargetAggregateIdentifier CollectionId collectionId,
        Integer httpStatus,
        String error,
        String errorDescription,
        Instant failedAt) {
}
