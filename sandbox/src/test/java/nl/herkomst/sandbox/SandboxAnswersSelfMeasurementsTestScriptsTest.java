package nl.herkomst.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.herkomst.sandbox.fhir.FixtureStore;
import nl.herkomst.sandbox.qualification.TestScriptReader;
import org.hl7.fhir.dstu3.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox answers the Zelfmetingen 2.x Retrieving-PHR TestScripts (XXX_Smorenburg): per measurement
 * all, $lastn, a date window with data and one without, with the counts the scripts assert. Dates in
 * fixtures and queries are filled against the same test date T.
 */
class SandboxAnswersSelfMeasurementsTestScriptsTest {

    static final LocalDate T = LocalDate.of(2026, 12, 3);

    @TempDir
    static Path tls;
    static RunningSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = RunningSandbox.start(tls, Map.of("herkomst.sandbox.fixtures", NictizMaterial.require().toString(),
                "herkomst.sandbox.test-date", T.toString()));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyRetrieveScriptGetsTheCountsItAsserts() throws Exception {
        Path folder = NictizMaterial.require().resolve("Nictiz-testscripts/output/STU3/SelfMeasurements-2-0/MedMij/Test/Retrieving-PHR");
        List<TestScriptReader.Expectation> scripts = TestScriptReader.readFolder(folder, "selfmeasurements-phr-retrieve-");
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(37);
        FhirContext ctx = FhirContext.forDstu3Cached();
        int checked = 0;
        for (TestScriptReader.Expectation script : scripts) {
            String query = FixtureStore.fillPlaceholders(script.query(), T, script.script()).replace("|", "%7C").replace(" ", "");
            HttpResponse<String> response = sandbox.fhir(query, script.authorization());
            assertThat(response.statusCode()).as(script.script() + " " + query + ": " + response.body()).isEqualTo(200);
            Bundle bundle = ctx.newJsonParser().parseResource(Bundle.class, response.body());
            Map<String, Integer> actual = new HashMap<>();
            bundle.getEntry().forEach(e -> actual.merge(e.getResource().fhirType(), 1, Integer::sum));
            for (Map.Entry<String, Integer> expected : script.counts().entrySet()) {
                assertThat(actual.getOrDefault(expected.getKey(), 0)).as(script.script() + " " + query).isEqualTo(expected.getValue());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(37);
    }
}
