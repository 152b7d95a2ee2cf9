package nl.herkomst.command.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryEncodingTest {

    @Test
    void encodesOnlyWhatAUrlCannotCarry() {
        assertThat(QueryEncoding.encode("Observation/$lastn?code=http://loinc.org|8302-2,http://loinc.org|8306-3"))
                .isEqualTo("Observation/$lastn?code=http://loinc.org%7C8302-2,http://loinc.org%7C8306-3");
        assertThat(QueryEncoding.encode("MedicationStatement?category=urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6&_include=MedicationStatement:medication"))
                .isEqualTo("MedicationStatement?category=urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3%7C6&_include=MedicationStatement:medication");
        assertThat(QueryEncoding.encode("Condition")).isEqualTo("Condition");
    }

    @Test
    void encodesSpacesPlusPercentAndNonAscii() {
        assertThat(QueryEncoding.encode("Observation?code=a b+c%d&x=é")).isEqualTo("Observation?code=a%20b%2Bc%25d&x=%C3%A9");
    }
}
