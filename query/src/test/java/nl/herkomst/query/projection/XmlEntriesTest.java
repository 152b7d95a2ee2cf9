package nl.herkomst.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A provider that answers in FHIR XML still fills the dossier, entry by entry, at the same places. */
class XmlEntriesTest {

    @Test
    void anXmlSearchsetGivesOneJsonResourcePerEntry() {
        String xml = """
                <Bundle xmlns="http://hl7.org/fhir"><type value="searchset"/>
                  <entry><resource><Condition><id value="c1"/><code><text value="Astma"/></code></Condition></resource></entry>
                  <entry><resource><OperationOutcome><issue><severity value="warning"/><code value="incomplete"/></issue></OperationOutcome></resource></entry>
                  <entry><resource><Patient><id value="p1"/><birthDate value="1984-05"/></Patient></resource></entry>
                </Bundle>""";
        List<String> entries = XmlEntries.resources(xml.getBytes(StandardCharsets.UTF_8), "STU3");
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0)).contains("\"resourceType\":\"Condition\"").contains("\"text\":\"Astma\"");
        assertThat(entries.get(2)).contains("\"birthDate\":\"1984-05\"");
        assertThat(XmlEntries.resources("<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p2\"/></Patient>".getBytes(), "R4"))
                .singleElement().asString().contains("\"id\":\"p2\"");
    }
}
