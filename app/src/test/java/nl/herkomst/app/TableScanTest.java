package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scan's rule for a needle found inside a random token (see {@link TableScan}). */
class TableScanTest {

    @Test
    void aShortHexIdInsideAHashOrAUuidIsChance() {
        assertThat(TableScan.trace("{\"sha256\":\"0b1fd56e75a9c3e8d2f40b1fd56e75a9c3e8d2f40b1fd56e75a9c3e8d2f4aa01\"}", "d56e75")).isEqualTo(-1);
        assertThat(TableScan.trace("event 3f2d56e7-5000-4a1b-9c2d-0123456789ab", "d56e7-5")).isEqualTo(-1);
    }

    @Test
    void aValueInsideASealedCiphertextIsChance() {
        assertThat(TableScan.trace("{\"personId\":\"sealed:v1:k-7f3a:AbXBiezenQ9_-zz\"}", "Biezen")).isEqualTo(-1);
        assertThat(TableScan.trace("{\"token\":\"vault:AbXBiezenQ9_-zz\"}", "Biezen")).isEqualTo(-1);
    }

    @Test
    void theSameValueStandingOnItsOwnOrInsideWordsIsATrace() {
        assertThat(TableScan.trace("{\"id\":\"d56e75\"}", "d56e75")).isEqualTo("{\"id\":\"".length());
        assertThat(TableScan.trace("\"reference\":\"#d56e75\"", "d56e75")).isEqualTo(14);
        assertThat(TableScan.trace("nl-core-Patient--XXX-Biezen", "Biezen")).isEqualTo(21);
        assertThat(TableScan.trace("Biezenstraat 12", "Biezen")).isZero();
        // found by chance once, then on its own: the second one counts
        String hash = "0b1fd56e75a9c3e8d2f40b1fd56e75a9c3e8d2f4";
        assertThat(TableScan.trace(hash + " d56e75", "d56e75")).isEqualTo(hash.length() + 1);
    }

    @Test
    void aPlainValueNextToASealedOneIsATrace() {
        assertThat(TableScan.trace("{\"a\":\"sealed:v1:k1:AbXzz\",\"b\":\"Biezen\"}", "Biezen")).isPositive();
    }
}
