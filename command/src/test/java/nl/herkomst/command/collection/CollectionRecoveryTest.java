package nl.herkomst.command.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.herkomst.command.collection.CollectionRecovery.Action;
import org.junit.jupiter.api.Test;

/** What the recovery does with a collection that has not ended, by its last event and how long ago it was. */
class CollectionRecoveryTest {

    static final Duration STALLED = Duration.ofMinutes(2);

    @Test
    void aCutOffStepRunsAgainOnceNothingHappenedForTheStalledTime() {
        assertThat(CollectionRecovery.decide("AuthorizationGranted", Duration.ofMinutes(3), STALLED)).isEqualTo(Action.EXCHANGE);
        assertThat(CollectionRecovery.decide("OfflineCollectionStarted", Duration.ofMinutes(3), STALLED)).isEqualTo(Action.REFRESH);
        for (String fetching : new String[] {"TokenGranted", "ResponseReceived", "ResourceReceived", "FetchFailed", "QueryCompleted"}) {
            assertThat(CollectionRecovery.decide(fetching, Duration.ofMinutes(3), STALLED)).as(fetching).isEqualTo(Action.FETCH);
            assertThat(CollectionRecovery.decide(fetching, Duration.ofMinutes(1), STALLED)).as(fetching + ", recent").isEqualTo(Action.NONE);
        }
    }

    @Test
    void aCollectionWaitingForThePersonIsTheirs() {
        assertThat(CollectionRecovery.decide("CollectionRequested", Duration.ofDays(3), STALLED)).isEqualTo(Action.NONE);
    }
}
