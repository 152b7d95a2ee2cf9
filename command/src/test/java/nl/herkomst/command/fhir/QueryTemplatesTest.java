package nl.herkomst.command.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryTemplatesTest {

    @Test
    void dateWindowsAreComputedFromTheCollectionDayInTheNetherlands() {
        // 23:30 UTC on 2 December is 00:30 on 3 December in Amsterdam
        Instant t = Instant.parse("2026-12-02T23:30:00Z");
        assertThat(QueryTemplates.fill("Observation?code=http://loinc.org|85354-9&date=ge${DATE, T, D,-14}&date=le${DATE, T, D, -1}", t))
                .isEqualTo("Observation?code=http://loinc.org|85354-9&date=ge2026-11-19&date=le2026-12-02");
        assertThat(QueryTemplates.fill("DocumentReference?indexed=ge${DATE, T, Y, -2}&indexed=le${DATE, T, M, +1}", t))
                .isEqualTo("DocumentReference?indexed=ge2024-12-03&indexed=le2027-01-03");
        assertThat(QueryTemplates.fill("Condition", t)).isEqualTo("Condition");
    }

    @Test
    void anUnknownPlaceholderIsRefused() {
        assertThatThrownBy(() -> QueryTemplates.fill("Observation?date=ge${NOW}", Instant.now())).isInstanceOf(IllegalArgumentException.class);
    }
}
