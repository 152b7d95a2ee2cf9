package nl.herkomst.query.elements;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ElementListTest {

    static final String OBSERVATION = """
            {"resourceType":"Observation","id":"bp","status":"final",
             "code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}]},
             "subject":{"reference":"Patient/p1"},
             "effectiveDateTime":"2026-10-01T09:30:00+02:00",
             "component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},
                           "valueQuantity":{"value":128.50,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}],
             "modifierExtension":[{"url":"http://example.org/stop","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"385655000","display":"stopped"}]}}],
             "issued":"2026-10-01T10:00:00Z",
             "unknownElement":"kept"}
            """;

    Map<String, ElementList.Element> elements() {
        List<ElementList.Element> list = new ElementList(FhirContext.forDstu3Cached(), ref -> ref.equals("Patient/p1") ? "S. Demo" : null)
                .of(FhirJson.read(OBSERVATION));
        return list.stream().collect(Collectors.toMap(ElementList.Element::path, e -> e));
    }

    @Test
    void codingsQuantitiesAndReferencesAreWrittenForPeople() {
        Map<String, ElementList.Element> e = elements();
        assertThat(e.get("code.coding[0]").value()).isEqualTo("Blood pressure panel (85354-9, http://loinc.org)");
        assertThat(e.get("code.coding[0]").datatype()).isEqualTo("Coding");
        assertThat(e.get("component[0].valueQuantity").value()).isEqualTo("128.50 mmHg");
        assertThat(e.get("component[0].valueQuantity").values()).containsEntry("code", "mm[Hg]");
        assertThat(e.get("subject").value()).as("resolved to the display of the target in the dossier").isEqualTo("S. Demo (Patient/p1)");
        assertThat(e.get("effectiveDateTime").value()).isEqualTo("01-10-2026 09:30 (+02:00)");
        assertThat(e.get("issued").value()).isEqualTo("01-10-2026 10:00 (UTC)");
        assertThat(e.get("unknownElement").value()).isEqualTo("kept");
        assertThat(e.get("component[0].valueQuantity").label()).isEqualTo("Component 1 › Value quantity");
    }

    @Test
    void aModifierExtensionIsFlaggedAndNothingElseIs() {
        Map<String, ElementList.Element> e = elements();
        assertThat(e.get("modifierExtension[0].url").modifier()).isTrue();
        assertThat(e.get("modifierExtension[0].valueCodeableConcept.coding[0]").modifier()).isTrue();
        assertThat(e.get("status").modifier()).isFalse();
    }

    @Test
    void datesKeepTheirOwnPrecision() {
        assertThat(Formats.date("2005")).isEqualTo("2005");
        assertThat(Formats.date("2009-03")).isEqualTo("03-2009");
        assertThat(Formats.date("2019-11-02")).isEqualTo("02-11-2019");
        assertThat(Formats.date("not a date")).isEqualTo("not a date");
    }
}
