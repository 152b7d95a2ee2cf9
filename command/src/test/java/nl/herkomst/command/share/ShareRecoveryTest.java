package nl.herkomst.command.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the recovery does with a share that has not ended, by its last event and how long ago that was. */
class ShareRecoveryTest {

    static final Duration TTL = Duration.ofMinutes(15);
    static final Duration STALLED = Duration.ofMinutes(2);
    static final Duration RESPONSE = Duration.ofSeconds(60);

    static ShareRecovery.Action decide(String event, Duration age) {
        return ShareRecovery.decide(event, age, TTL, STALLED, RESPONSE);
    }

    @Test
    void aShareNobodyConfirmsExpiresOnlyAfterItsAuthorizationRequestCouldNoLongerBeAnswered() {
        assertThat(decide("ShareRequested", Duration.ofMinutes(16))).isEqualTo(ShareRecovery.Action.NONE);
        assertThat(decide("ShareRequested", Duration.ofMinutes(18))).isEqualTo(ShareRecovery.Action.EXPIRE);
    }

    @Test
    void aStalledStepIsTakenUpAgainAndAnInterruptedSendEndsUnknownNeverResent() {
        assertThat(decide("ShareAuthorizationGranted", Duration.ofSeconds(30))).isEqualTo(ShareRecovery.Action.NONE);
        assertThat(decide("ShareAuthorizationGranted", Duration.ofMinutes(3))).isEqualTo(ShareRecovery.Action.RESUME);
        assertThat(decide("ShareTokenGranted", Duration.ofMinutes(3))).isEqualTo(ShareRecovery.Action.RESUME);
        assertThat(decide("BundleSending", Duration.ofMinutes(2))).isEqualTo(ShareRecovery.Action.NONE);
        assertThat(decide("BundleSending", Duration.ofMinutes(4))).isEqualTo(ShareRecovery.Action.OUTCOME_UNKNOWN);
        assertThat(decide("ShareAuthorizationRefused", Duration.ofDays(1))).isEqualTo(ShareRecovery.Action.NONE);
    }
}
