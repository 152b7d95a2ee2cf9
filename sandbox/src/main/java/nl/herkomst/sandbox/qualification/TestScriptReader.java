package nl.herkomst.sandbox.qualification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads Nictiz PHR-Client TestScripts (FHIR XML): for every test, the request the PGO must make (resource
 * type, params, Authorization header) and the resource counts the response must hold.
 */
public final class TestScriptReader {

    /**
     * @param counts  resource type → exact number of entries of that type the response must contain
     * @param onlyOperationOutcome true when the script requires "no entries other than an OperationOutcome"
     */
    /**
     * @param sourceFixture the Bundle a send (Delen) script's operation sends ({@code sourceId}), resolved to its file; null otherwise
     * @param operationType the operation's type code: search, read, batch, transaction, …
     */
    public record Expectation(String script, String resource, String params, String authorization, Map<String, Integer> counts,
                              boolean onlyOperationOutcome, List<Assert> asserts, Path sourceFixture, String operationType,
                              Map<String, String> requestHeaders) {

        public Expectation(String script, String resource, String params, String authorization, Map<String, Integer> counts,
                           boolean onlyOperationOutcome, List<Assert> asserts) {
            this(script, resource, params, authorization, counts, onlyOperationOutcome, asserts, null, null, Map.of());
        }

        /** The request as the PGO writes it, relative to the FHIR base: {@code Coverage?_include=...}. */
        public String query() {
            String p = params == null ? "" : params.startsWith("?") || params.startsWith("/") ? params : "?" + params;
            return (resource == null ? "" : resource) + p;
        }
    }

    /** One assert of a test, as written (only the fields the PHR-Client scripts use). */
    public record Assert(String description, String direction, String headerField, String operator, String value, String requestUrl,
                         String responseCode, String resource, String expression, boolean warningOnly, boolean stopTestOnFail,
                         String validateProfileId) {
    }

    private static final Pattern COUNT = Pattern.compile("Bundle\\.entry\\.where\\(resource\\.is\\((\\w+)\\)\\)\\.count\\(\\)\\s*=\\s*(\\d+)");
    private static final Pattern NOT_OO = Pattern.compile("Bundle\\.entry\\.where\\(resource\\.is\\(OperationOutcome\\)\\.not\\(\\)\\)\\.count\\(\\)\\s*=\\s*0");

    private TestScriptReader() {
    }

    public static List<Expectation> readFolder(Path folder, String fileNamePrefix) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(fileNamePrefix) && p.toString().endsWith(".xml")).sorted().toList();
        }
        List<Expectation> result = new ArrayList<>();
        for (Path f : files) {
            result.addAll(read(f));
        }
        return result;
    }

    /** Every TestScript (XML or JSON) below a folder, in path order; other files are passed over. */
    public static List<Path> findAll(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".xml") || p.toString().endsWith(".json"))
                    .filter(TestScriptReader::isTestScript).sorted().toList();
        }
    }

    private static boolean isTestScript(Path p) {
        try {
            String head = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8);
            head = head.substring(0, Math.min(head.length(), 2000));
            return p.toString().endsWith(".xml") ? head.contains("<TestScript") : head.replaceAll("\\s", "").contains("\"resourceType\":\"TestScript\"");
        } catch (IOException e) {
            return false;
        }
    }

    public static List<Expectation> read(Path file) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            if (file.toString().endsWith(".json")) {
                // a JSON TestScript is read as its XML form (HAPI converts; same elements, same order)
                String xml = jsonToXml(Files.readString(file));
                doc = f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
            } else {
                doc = f.newDocumentBuilder().parse(file.toFile());
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("not a TestScript: " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> variables = variables(doc.getDocumentElement(), file.getParent());
        Map<String, Path> fixtures = fixtures(doc.getDocumentElement(), file.getParent());
        List<Expectation> result = new ArrayList<>();
        NodeList tests = doc.getDocumentElement().getElementsByTagNameNS("http://hl7.org/fhir", "test");
        for (int i = 0; i < tests.getLength(); i++) {
            Element test = (Element) tests.item(i);
            String resource = null;
            String params = null;
            String authorization = null;
            Path source = null;
            String operationType = null;
            Map<String, String> requestHeaders = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            boolean onlyOO = false;
            NodeList operations = test.getElementsByTagNameNS("http://hl7.org/fhir", "operation");
            if (operations.getLength() > 0) {
                Element op = (Element) operations.item(0);
                resource = value(op, "resource");
                params = value(op, "params");
                if (params != null) {
                    for (Map.Entry<String, String> v : variables.entrySet()) {
                        params = params.replace("${" + v.getKey() + "}", v.getValue());
                    }
                }
                NodeList headers = op.getElementsByTagNameNS("http://hl7.org/fhir", "requestHeader");
                for (int h = 0; h < headers.getLength(); h++) {
                    Element header = (Element) headers.item(h);
                    if ("Authorization".equalsIgnoreCase(value(header, "field"))) {
                        authorization = value(header, "value");
                    } else if (value(header, "field") != null) {
                        requestHeaders.put(value(header, "field"), value(header, "value"));
                    }
                }
                String sourceId = value(op, "sourceId");
                source = sourceId == null ? null : fixtures.get(sourceId);
                NodeList typeCodes = op.getElementsByTagNameNS("http://hl7.org/fhir", "type");
                if (typeCodes.getLength() > 0) {
                    operationType = value((Element) typeCodes.item(0), "code");
                }
            }
            List<Assert> asserts = new ArrayList<>();
            NodeList assertNodes = test.getElementsByTagNameNS("http://hl7.org/fhir", "assert");
            for (int a = 0; a < assertNodes.getLength(); a++) {
                Element as = (Element) assertNodes.item(a);
                asserts.add(new Assert(value(as, "description"), value(as, "direction"), value(as, "headerField"), value(as, "operator"),
                        value(as, "value"), value(as, "requestURL"), value(as, "responseCode"), value(as, "resource"),
                        value(as, "expression"), "true".equals(value(as, "warningOnly")), "true".equals(value(as, "stopTestOnFail")),
                        value(as, "validateProfileId")));
            }
            NodeList expressions = test.getElementsByTagNameNS("http://hl7.org/fhir", "expression");
            for (int e = 0; e < expressions.getLength(); e++) {
                String expr = ((Element) expressions.item(e)).getAttribute("value");
                Matcher m = COUNT.matcher(expr);
                if (m.matches()) {
                    counts.put(m.group(1), Integer.parseInt(m.group(2)));
                } else if (NOT_OO.matcher(expr).matches()) {
                    onlyOO = true;
                }
            }
            if (operations.getLength() > 0) {
                // a test without a resource type is a transaction or batch (Delen): reported, never silently dropped
                result.add(new Expectation(file.getFileName().toString(), resource, params, authorization, counts, onlyOO, asserts, source,
                        operationType, Map.copyOf(requestHeaders)));
            }
        }
        return result;
    }

    /**
     * The script's variables that name a fixture's id ({@code <variable><expression value="Binary.id"/>
     * <sourceId value="binary1-fixture"/>}), resolved by reading that fixture.
     */
    private static Map<String, Path> fixtures(Element script, Path folder) {
        Map<String, Path> fixtures = new LinkedHashMap<>();
        for (Element f : children(script, "fixture")) {
            NodeList refs = f.getElementsByTagNameNS("http://hl7.org/fhir", "reference");
            if (refs.getLength() > 0) {
                fixtures.put(f.getAttribute("id"), folder.resolve(((Element) refs.item(0)).getAttribute("value")).normalize());
            }
        }
        return fixtures;
    }

    private static Map<String, String> variables(Element script, Path folder) {
        Map<String, Path> fixtures = fixtures(script, folder);
        Map<String, String> result = new LinkedHashMap<>();
        for (Element v : children(script, "variable")) {
            String name = value(v, "name");
            String defaultValue = value(v, "defaultValue");
            if (name != null && defaultValue != null) {
                result.put(name, defaultValue);
                continue;
            }
            String expression = value(v, "expression");
            Path fixture = fixtures.get(value(v, "sourceId"));
            if (name == null || expression == null || fixture == null || !expression.matches("[A-Z][A-Za-z]+\\.id") || !Files.isReadable(fixture)) {
                continue;
            }
            try {
                String text = Files.readString(fixture);
                Matcher id = Pattern.compile("<id\\s+value=\"([^\"]+)\"").matcher(text);
                if (id.find()) {
                    result.put(name, id.group(1));
                }
            } catch (IOException e) {
                // unresolved: the placeholder stays and the dry run reports the request as not sent
            }
        }
        return result;
    }

    private static String jsonToXml(String json) {
        for (ca.uhn.fhir.context.FhirContext ctx : List.of(ca.uhn.fhir.context.FhirContext.forR4Cached(),
                ca.uhn.fhir.context.FhirContext.forDstu3Cached())) {
            try {
                var resource = ctx.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false)).parseResource(json);
                return ctx.newXmlParser().encodeResourceToString(resource);
            } catch (RuntimeException e) {
                // try the other version
            }
        }
        throw new IllegalArgumentException("not a FHIR TestScript");
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && name.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    private static String value(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagNameNS("http://hl7.org/fhir", child);
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getParentNode() == parent) {
                return ((Element) nodes.item(i)).getAttribute("value");
            }
        }
        return null;
    }
}
