package nl.herkomst.api.command;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.ConsentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordConsentUse(@TargetAggregateIdentifier ConsentId consentId, CollectionId collectionId, boolean refreshTokenRotated, Instant at) {
}
