package nl.herkomst.query.elements;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.time.LocalDate;
import nl.herkomst.query.projection.RawEntryExtractor;
import nl.herkomst.sandbox.NictizMaterial;
import nl.herkomst.sandbox.fhir.FixtureStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * For every Nictiz fixture resource (JSON as it is, XML after HAPI's conversion to JSON), every primitive
 * value in the JSON appears in the element list, at its own path, and nothing else does.
 */
class ElementListCompletenessTest {

    static final JsonMapper JSON = FhirJson.MAPPER;

    @Test
    void everyPrimitiveOfEveryFixtureIsInTheElementList() throws Exception {
        Path nictiz = NictizMaterial.require();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(nictiz)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".xml")).sorted().toList();
        }
        int resources = 0;
        long primitives = 0;
        int xml = 0;
        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : files) {
            String relative = nictiz.relativize(file).toString();
            boolean r4 = relative.matches("(?i)(.*[/_-])?R4([/_-].*)?");
            FhirContext ctx = r4 ? FhirContext.forR4Cached() : FhirContext.forDstu3Cached();
            // as the sandbox serves them: placeholders filled against a test date
            String text = FixtureStore.fillPlaceholders(Files.readString(file, StandardCharsets.UTF_8), LocalDate.of(2026, 12, 3), relative);
            String json;
            if (file.toString().endsWith(".xml")) {
                if (text.contains("<TestScript")) {
                    continue;
                }
                IBaseResource parsed;
                try {
                    parsed = ctx.newXmlParser().setParserErrorHandler(new LenientErrorHandler(false)).parseResource(text);
                } catch (RuntimeException e) {
                    skipped.add(relative);
                    continue;
                }
                json = ctx.newJsonParser().encodeResourceToString(parsed);
                xml++;
            } else {
                json = text;
            }
            JsonNode tree;
            try {
                tree = JSON.readTree(json);
            } catch (RuntimeException e) {
                skipped.add(relative);
                continue;
            }
            if (!tree.has("resourceType")) {
                skipped.add(relative);
                continue;
            }
            if (!file.toString().endsWith(".xml")) {
                // the dossier keeps each resource as the bytes it came in: cut out of a searchset, unchanged
                String received = json.strip();
                String page = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"fullUrl\":\"x\",\"resource\":"
                        + received + ",\"search\":{\"mode\":\"match\"}}]}";
                if (!received.equals(RawEntryExtractor.resources(page.getBytes(StandardCharsets.UTF_8)).get(0))) {
                    problems.add(relative + ": the stored JSON differs from the received JSON");
                }
            }
            Map<String, String> expected = new LinkedHashMap<>();
            collect(tree, "", expected);
            Map<String, String> actual = new LinkedHashMap<>();
            for (ElementList.Element e : new ElementList(ctx, ref -> null).of(tree)) {
                e.values().forEach((sub, v) -> actual.put(sub.isEmpty() ? e.path() : e.path() + "." + sub, v));
                assertThat(e.label()).isNotBlank();
            }
            if (!expected.equals(actual)) {
                problems.add(relative + ": " + expected.size() + " primitives, " + actual.size() + " in the element list");
            }
            resources++;
            primitives += expected.size();
        }
        assertThat(problems).isEmpty();
        // every file is checked but the TestScripts and the tokens file (not FHIR)
        assertThat(skipped).containsExactly("Nictiz-testscripts/Configuration/QualificationTokens.json");
        assertThat(resources).isPositive();
        assertThat(xml).isPositive();
        System.out.printf("element list complete for %d resources (%d from XML), %d primitives%n", resources, xml, primitives);
    }

    static void collect(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                collect(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", out);
            }
        } else if (!node.isNull()) {
            out.put(path, FhirJson.text(node));
        }
    }
}
