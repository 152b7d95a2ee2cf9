package nl.herkomst.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.herkomst.sandbox.qualification.SharedFixtures;
import nl.herkomst.sandbox.qualification.TestScriptReader;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox answers every request of the Nictiz BgZ 3.x PHR-Client TestScripts (Test set, XXX_Rijn
 * and XXX_Hoff) with the counts the scripts assert, when called with the script's own token.
 */
class SandboxAnswersBgzTestScriptsTest {

    @TempDir
    static Path tls;
    static RunningSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = RunningSandbox.start(tls, Map.of("herkomst.sandbox.fixtures", NictizMaterial.require().toString()));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyScriptGetsTheCountsItAsserts() throws Exception {
        List<TestScriptReader.Expectation> scripts =
                TestScriptReader.readFolder(SharedFixtures.bgzTestScripts(NictizMaterial.require()), "medmij-bgz-test-phr-");
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(52);
        FhirContext ctx = FhirContext.forDstu3Cached();
        int countsChecked = 0;
        for (TestScriptReader.Expectation script : scripts) {
            HttpResponse<String> response = sandbox.fhir(script.query().replace("|", "%7C"), script.authorization());
            assertThat(response.statusCode()).as(script.script() + ": " + response.body()).isEqualTo(200);
            Bundle bundle = ctx.newJsonParser().parseResource(Bundle.class, response.body());
            assertThat(bundle.getType()).as(script.script()).isEqualTo(Bundle.BundleType.SEARCHSET);
            Map<String, Integer> actual = new HashMap<>();
            bundle.getEntry().forEach(e -> actual.merge(e.getResource().fhirType(), 1, Integer::sum));
            for (Map.Entry<String, Integer> expected : script.counts().entrySet()) {
                assertThat(actual.getOrDefault(expected.getKey(), 0)).as(script.script() + " " + expected.getKey())
                        .isEqualTo(expected.getValue());
                countsChecked++;
            }
            if (script.onlyOperationOutcome()) {
                assertThat(bundle.getEntry()).as(script.script() + " has only OperationOutcome entries")
                        .allMatch(e -> e.getResource() instanceof OperationOutcome);
                countsChecked++;
            }
        }
        assertThat(countsChecked).isGreaterThan(52);
    }

    @Test
    void aRequestWithoutTokenIsRefused() throws Exception {
        assertThat(sandbox.fhir("Condition", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aPatientParameterIsRefused() throws Exception {
        assertThat(sandbox.fhir("Condition?patient=medmij-bgz-test-patA", "Bearer 7ce7c666-6f96-40a7-a8fa-922056cb18b4").statusCode())
                .isEqualTo(400);
    }

    @Test
    void anotherPatientsResourceCannotBeRead() throws Exception {
        String hoff = "Bearer 1ddbc5c4-9309-436d-b4c7-8416610c215c";
        assertThat(sandbox.fhir("Patient/medmij-bgz-test-patA", hoff).statusCode()).isEqualTo(404);
        assertThat(sandbox.fhir("Patient/medmij-bgz-test-patB", hoff).statusCode()).isEqualTo(200);
    }
}
