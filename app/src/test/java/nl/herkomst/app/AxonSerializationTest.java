package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.FetchFailure;
import nl.herkomst.api.event.FetchFailed;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.Test;

/** What the event and token stores write must read back: tokens of every kind Axon stores, and our records. */
class AxonSerializationTest {

    final Jackson3Serializer serializer = Jackson3Serializer.builder()
            .jsonMapperBuilderCustomizer(b -> b.polymorphicTypeValidator(AxonSerializationConfiguration.TYPES)).build();

    @Test
    void aReplayTokenReadsBack() {
        TrackingToken token = ReplayToken.createReplayToken(new GapAwareTrackingToken(42, Set.of(40L)), new GapAwareTrackingToken(3, Set.of()));
        SerializedObject<byte[]> bytes = serializer.serialize(token, byte[].class);
        TrackingToken back = serializer.deserialize(bytes);
        assertThat(back).isEqualTo(token);
    }

    @Test
    void anEventRecordReadsBackWithItsInstantAsIsoText() {
        FetchFailed event = new FetchFailed(new CollectionId("6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b11"), new nl.herkomst.api.PersonId("person-1"), "Flag", 1, "https://rs/Flag", 500,
                FetchFailure.HTTP_ERROR, "HTTP 500", List.of(new nl.herkomst.api.OperationOutcomeIssue("error", "exception", "x")), null, "r", java.time.Instant.parse("2026-12-03T10:00:00Z"));
        SerializedObject<byte[]> bytes = serializer.serialize(event, byte[].class);
        assertThat(new String(bytes.getData())).contains("\"failedAt\":\"2026-12-03T10:00:00Z\"").contains("\"collectionId\":\"6f1c7c1e");
        FetchFailed back = serializer.deserialize(bytes);
        assertThat(back).isEqualTo(event);
    }
}
