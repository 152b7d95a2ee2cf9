package nl.herkomst.command.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every example document of {@code ../shared/fixtures/medmij-lists/examples} and a set of hostile and
 * edge cases through the product's reader and through the official XSDs (the JDK's validator), and requires
 * the same verdict. The cases where the product rejects more than the XSD are marked {@code PRODUCT_ONLY}
 * and say why; the expected verdict is in each case's name.
 */
class ListDifferentialTest {

    enum Verdict { ACCEPT, REJECT }

    /**
     * A document, the verdict both must give, or the product's own stricter verdict and its code; with a
     * {@code prior} document, the product judges it as the next download after that one was accepted.
     */
    record Case(String name, byte[] xml, Verdict expected, String productOnlyCode, byte[] prior) {
        Case(String name, byte[] xml, Verdict expected, String productOnlyCode) {
            this(name, xml, expected, productOnlyCode, null);
        }

        String display() {
            return name + " → " + expected + (productOnlyCode == null ? " (product = XSD)" : " (PRODUCT_ONLY " + productOnlyCode + ")");
        }
    }

    private final ListReader reader = new ListReader();

    @TestFactory
    Stream<DynamicTest> productAndXsdAgree() throws IOException {
        Path material = MedMijListMaterial.require();
        List<Schema> xsds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(material.resolve("xsd"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".xsd")).sorted().toList()) {
                xsds.add(schema(p));
            }
        }
        assertEquals(7, xsds.size(), "the release-1.0 and release-1.1 XSDs");
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.walk(material.resolve("examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                cases.add(new Case("example " + material.relativize(p), Files.readAllBytes(p), Verdict.ACCEPT, null));
            }
        }
        assertTrue(cases.size() >= 8, "examples found: " + cases.size());
        cases.addAll(hostile());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.display(), () -> {
            boolean xsd = xsds.stream().anyMatch(s -> valid(s, c.xml()));
            String product = c.prior() == null ? productVerdict(c.xml()) : productVerdictAfter(c.prior(), c.xml());
            if (c.productOnlyCode() == null) {
                assertEquals(c.expected() == Verdict.ACCEPT, xsd, "XSD verdict of " + c.name());
                assertEquals(c.expected() == Verdict.ACCEPT ? "ACCEPT" : "REJECT", product.startsWith("REJECT") ? "REJECT" : "ACCEPT",
                        "product verdict of " + c.name() + ": " + product);
            } else {
                assertEquals(Verdict.REJECT, c.expected());
                assertEquals("REJECT " + c.productOnlyCode(), product.split(":")[0], "product verdict of " + c.name() + ": " + product);
            }
        }));
    }

    private String productVerdict(byte[] xml) {
        try {
            reader.read(xml);
            return "ACCEPT";
        } catch (ListReader.Rejected e) {
            return "REJECT " + e.code() + ": " + e.reasons();
        }
    }

    /** The reader, then the rules of the list's history as if {@code prior} were the accepted version. */
    private String productVerdictAfter(byte[] prior, byte[] xml) throws ListReader.Rejected {
        ListDocument accepted = reader.read(prior);
        String verdict = productVerdict(xml);
        if (!verdict.equals("ACCEPT")) {
            return verdict;
        }
        ListDocument next = reader.read(xml);
        return MedMijList.judge(next.kind().key(), accepted.volgnummer(), accepted.content().entries(), next.volgnummer(),
                next.content().entries()).map(r -> "REJECT " + r[0] + ": " + r[1]).orElse("ACCEPT");
    }

    static List<Case> hostile() {
        List<Case> c = new ArrayList<>();
        String zal = SyntheticLists.zal(7);
        String provider = SyntheticLists.provider("umcnoord@medmij", "48", "fhir.umcnoord.example.nl");
        String body = zal.substring(zal.indexOf("<Zorgaanbiederslijst"));
        c.add(reject("XXE with a file entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE Zorgaanbiederslijst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + body.replace("umcnoord@medmij", "&xxe;"), "DOCTYPE"));
        c.add(reject("entity expansion (billion laughs)", "<?xml version=\"1.0\"?>\n<!DOCTYPE Zorgaanbiederslijst [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n" + body.replace("2026-12-01T10:15:00Z", "&d;"), "DOCTYPE"));
        c.add(reject("a DOCTYPE with an external DTD", "<?xml version=\"1.0\"?>\n<!DOCTYPE Zorgaanbiederslijst SYSTEM \"http://example.invalid/zal.dtd\">\n" + body,
                "DOCTYPE"));
        c.add(reject("a harmless internal DOCTYPE", "<?xml version=\"1.0\"?>\n<!DOCTYPE Zorgaanbiederslijst []>\n" + body, "DOCTYPE"));
        c.add(both("duplicate provider names", Verdict.REJECT, SyntheticLists.zal(7, provider + provider)));
        c.add(both("duplicate GegevensdienstId within a provider", Verdict.REJECT,
                zal.replace("</Gegevensdienst>\n", "</Gegevensdienst>\n" + gegevensdienst("48"))));
        c.add(both("the same GegevensdienstId at two providers", Verdict.ACCEPT, zal));
        c.add(both("duplicate Systeemrolcode within a gegevensdienst", Verdict.REJECT, zal.replace("</Systeemrol></Systeemrollen>",
                "</Systeemrol><Systeemrol><Systeemrolcode>MM-3.0-BGZ-FHIR</Systeemrolcode><ResourceEndpoint><ResourceEndpointuri>"
                        + "https://fhir.other.example.nl/fhir</ResourceEndpointuri></ResourceEndpoint></Systeemrol></Systeemrollen>")));
        c.add(both("duplicate Whitelist host names", Verdict.REJECT, SyntheticLists.whitelist(3, "a.example.nl", "b.example.nl", "a.example.nl")));
        c.add(both("duplicate OCL host names", Verdict.REJECT, SyntheticLists.ocl(3, "pgo.example.nl", "Een PGO").replace("</OAuthclients>",
                "<OAuthclient><Hostname>pgo.example.nl</Hostname><OAuthclientOrganisatienaam>Nog een</OAuthclientOrganisatienaam></OAuthclient></OAuthclients>")));
        c.add(both("duplicate GNL ids", Verdict.REJECT, SyntheticLists.gnl(3).replace("</Gegevensdiensten>",
                "<Gegevensdienst><GegevensdienstId>48</GegevensdienstId><Weergavenaam>BgZ</Weergavenaam></Gegevensdienst></Gegevensdiensten>")));
        c.add(both("an uppercase Whitelist host name", Verdict.REJECT, SyntheticLists.whitelist(3, "RCF-RSO.NL")));
        c.add(both("a Whitelist host name with a trailing dot", Verdict.REJECT, SyntheticLists.whitelist(3, "rcf-rso.nl.")));
        c.add(both("a Whitelist host name without a dot", Verdict.REJECT, SyntheticLists.whitelist(3, "localhost")));
        c.add(both("an uppercase endpoint host", Verdict.REJECT, zal.replace("https://fhir.umcnoord.example.nl/fhir", "https://FHIR.umcnoord.example.nl/fhir")));
        c.add(both("an http token endpoint", Verdict.REJECT, zal.replace("https://fhir.umcnoord.example.nl:8443/oauth/token",
                "http://fhir.umcnoord.example.nl:8443/oauth/token")));
        c.add(both("a resource endpoint with a query string", Verdict.REJECT, zal.replace("https://fhir.umcnoord.example.nl/fhir/stu3",
                "https://fhir.umcnoord.example.nl/fhir/stu3?_format=json")));
        c.add(both("an authorization endpoint with a fragment", Verdict.REJECT, zal.replace("/oauth/authorize</", "/oauth/authorize#x</")));
        c.add(both("an authorization endpoint with a port", Verdict.REJECT, zal.replace("https://fhir.umcnoord.example.nl/oauth/authorize",
                "https://fhir.umcnoord.example.nl:443/oauth/authorize")));
        c.add(both("a token endpoint with a port", Verdict.ACCEPT, zal));
        c.add(both("an endpoint with user info", Verdict.REJECT, zal.replace("https://fhir.umcnoord.example.nl:8443", "https://user@fhir.umcnoord.example.nl:8443")));
        c.add(both("an endpoint with an empty path segment", Verdict.REJECT, zal.replace("/fhir/stu3<", "/fhir//stu3<")));
        c.add(both("an endpoint path with a trailing slash", Verdict.REJECT, zal.replace("/fhir/stu3<", "/fhir/stu3/<")));
        c.add(both("a UTF-8 byte order mark", Verdict.ACCEPT, bom(zal)));
        c.add(both("a wrong namespace", Verdict.REJECT, zal.replace("zorgaanbiederslijst/release2/", "zorgaanbiederslijst/release3/")));
        c.add(both("no namespace", Verdict.REJECT, zal.replace(" xmlns=\"" + ListKind.ZAL.namespace() + "\"", "")));
        c.add(both("a namespace prefix instead of the default namespace", Verdict.ACCEPT, prefixed(SyntheticLists.whitelist(4, "a.example.nl"))));
        c.add(both("a truncated document", Verdict.REJECT, zal.substring(0, zal.length() / 2)));
        c.add(both("text after the root element", Verdict.REJECT, zal + "trailing"));
        c.add(both("an empty document", Verdict.REJECT, ""));
        c.add(both("an empty Whitelist (release 1.1)", Verdict.ACCEPT, SyntheticLists.whitelist(9)));
        c.add(both("an empty Whitelist (release-1.0 shape: MedMijNodes with no node is valid only in 1.1)", Verdict.ACCEPT,
                header(ListKind.WHITELIST) + "<MedMijNodes/></Whitelist>"));
        c.add(both("a Whitelist mixing the 1.0 and 1.1 shapes", Verdict.REJECT, SyntheticLists.whitelist(3, "a.example.nl")
                .replace("</MedMijNodes>", "<MedMijNode>b.example.nl</MedMijNode></MedMijNodes>")));
        c.add(both("an empty ZAL", Verdict.ACCEPT, SyntheticLists.zal(2, "")));
        c.add(both("a 15 MB ZAL (17,600 providers)", Verdict.ACCEPT, new String(SyntheticLists.largeZal(17_600, 5), StandardCharsets.UTF_8)));
        c.add(new Case("a lower Volgnummer than the accepted one", SyntheticLists.zal(6).getBytes(StandardCharsets.UTF_8), Verdict.REJECT,
                "VOLGNUMMER_NOT_HIGHER", zal.getBytes(StandardCharsets.UTF_8)));
        c.add(new Case("the same Volgnummer with other content", SyntheticLists.zal(7, provider).getBytes(StandardCharsets.UTF_8),
                Verdict.REJECT, "VOLGNUMMER_NOT_HIGHER", zal.getBytes(StandardCharsets.UTF_8)));
        c.add(new Case("an empty Whitelist after a non-empty one", SyntheticLists.whitelist(10).getBytes(StandardCharsets.UTF_8),
                Verdict.REJECT, "EMPTY_WHITELIST", SyntheticLists.whitelist(9, "a.example.nl").getBytes(StandardCharsets.UTF_8)));
        c.add(new Case("a higher Volgnummer after the accepted one", SyntheticLists.zal(8).getBytes(StandardCharsets.UTF_8), Verdict.ACCEPT,
                null, zal.getBytes(StandardCharsets.UTF_8)));
        c.add(reject("a Tijdstempel without a time zone (21 characters, XSD-valid)", zal.replace("2026-12-01T10:15:00Z", "2026-12-01T10:15:00.5"),
                "TIJDSTEMPEL_WITHOUT_ZONE"));
        c.add(both("a Tijdstempel without seconds", Verdict.REJECT, zal.replace("2026-12-01T10:15:00Z", "2026-12-01T10:15+01:00")));
        c.add(both("a Tijdstempel with a zone offset", Verdict.ACCEPT, zal.replace("2026-12-01T10:15:00Z", "2026-12-01T10:15:00+01:00")));
        c.add(both("a Tijdstempel on 30 February", Verdict.REJECT, zal.replace("2026-12-01T10:15:00Z", "2026-02-30T10:15:00Z")));
        c.add(both("a Tijdstempel on 29 February of a leap year", Verdict.ACCEPT, zal.replace("2026-12-01T10:15:00Z", "2028-02-29T10:15:00Z")));
        c.add(both("Volgnummer 0", Verdict.REJECT, zal.replace("<Volgnummer>7<", "<Volgnummer>0<")));
        c.add(both("a negative Volgnummer", Verdict.REJECT, zal.replace("<Volgnummer>7<", "<Volgnummer>-7<")));
        c.add(both("Volgnummer with a plus sign, leading zeros and spaces", Verdict.ACCEPT, zal.replace("<Volgnummer>7<", "<Volgnummer> +007 <")));
        c.add(both("a Volgnummer beyond 64 bits (30 digits)", Verdict.ACCEPT, zal.replace("<Volgnummer>7<", "<Volgnummer>123456789012345678901234567890<")));
        c.add(reject("a Volgnummer of 70 digits (XSD-valid)", zal.replace("<Volgnummer>7<", "<Volgnummer>" + "9".repeat(70) + "<"), "VOLGNUMMER_TOO_LONG"));
        c.add(reject("a Tijdstempel in the year 10^70 (XSD-valid)", zal.replace("2026-12-01T10:15:00Z", "1" + "0".repeat(70) + "-01-01T00:00:00Z"),
                "TIJDSTEMPEL_OUT_OF_RANGE"));
        c.add(reject("a token endpoint on port 99999 (XSD-valid)", zal.replace(":8443/oauth/token", ":99999/oauth/token"), "PORT_OUT_OF_RANGE"));
        c.add(reject("a token endpoint on port 0 (XSD-valid)", zal.replace(":8443/oauth/token", ":0/oauth/token"), "PORT_OUT_OF_RANGE"));
        c.add(both("a UTF-16 document", Verdict.ACCEPT, utf16(SyntheticLists.whitelist(4, "a.example.nl"))));
        c.add(both("an XML 1.1 declaration", Verdict.ACCEPT, SyntheticLists.whitelist(4, "a.example.nl").replace("version=\"1.0\"", "version=\"1.1\"")));
        c.add(both("a missing Volgnummer", Verdict.REJECT, zal.replace("    <Volgnummer>7</Volgnummer>\n", "")));
        c.add(both("elements out of order", Verdict.REJECT, zal.replace("    <Tijdstempel>2026-12-01T10:15:00Z</Tijdstempel>\n    <Volgnummer>7</Volgnummer>",
                "    <Volgnummer>7</Volgnummer>\n    <Tijdstempel>2026-12-01T10:15:00Z</Tijdstempel>")));
        c.add(both("an unknown element", Verdict.REJECT, zal.replace("<Zorgaanbieders>", "<Extra/><Zorgaanbieders>")));
        c.add(both("an unknown attribute", Verdict.REJECT, zal.replace("<Zorgaanbieders>", "<Zorgaanbieders id=\"1\">")));
        c.add(both("text in element-only content", Verdict.REJECT, zal.replace("<Zorgaanbieders>", "<Zorgaanbieders>hallo")));
        c.add(both("a comment inside a value", Verdict.ACCEPT, zal.replace("<Volgnummer>7<", "<Volgnummer>7<!-- zeven -->0<")));
        c.add(both("a provider name with an uppercase letter", Verdict.REJECT, zal.replace("umcnoord@medmij", "UMCnoord@medmij")));
        c.add(both("a provider name too short", Verdict.REJECT, zal.replace("umcnoord@medmij", "abc@medmij").replace("huisartsoost@medmij", "a@medmij")));
        c.add(both("a provider without gegevensdiensten", Verdict.REJECT, SyntheticLists.zal(3,
                "<Zorgaanbieder><Zorgaanbiedernaam>leeg@medmij</Zorgaanbiedernaam><Gegevensdiensten/></Zorgaanbieder>")));
        c.add(both("a GegevensdienstId of 31 characters (release 1.0 only)", Verdict.ACCEPT, zal.replace("<GegevensdienstId>48<",
                "<GegevensdienstId>" + "x".repeat(31) + "<")));
        c.add(both("an empty GegevensdienstId", Verdict.REJECT, zal.replace("<GegevensdienstId>48<", "<GegevensdienstId><")));
        c.add(both("GegevensdienstIds differing only by a space", Verdict.ACCEPT,
                zal.replace("</Gegevensdienst>\n            </Gegevensdiensten>\n        </Zorgaanbieder>\n        <Zorgaanbieder>",
                        "</Gegevensdienst>\n" + gegevensdienst(" 48") + "            </Gegevensdiensten>\n        </Zorgaanbieder>\n        <Zorgaanbieder>")));
        c.add(both("an OCL organisation name of 2 characters", Verdict.REJECT, SyntheticLists.ocl(3, "pgo.example.nl", "AB")));
        c.add(both("a GNL Weergavenaam of 51 characters", Verdict.REJECT, SyntheticLists.gnl(3).replace("Basisgegevens zorg", "x".repeat(51))));
        c.add(both("an ISO-8859-1 document", Verdict.ACCEPT, latin1(SyntheticLists.ocl(3, "pgo.example.nl", "Zorg café"))));
        c.add(both("an XInclude element", Verdict.REJECT, zal.replace("<Zorgaanbieders>",
                "<Zorgaanbieders><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\"/>")));
        return c;
    }

    private static String gegevensdienst(String id) {
        String p = SyntheticLists.provider("x@medmij", id, "fhir.other.example.nl");
        return p.substring(p.indexOf("                <Gegevensdienst>"), p.indexOf("            </Gegevensdiensten>"));
    }

    private static String header(ListKind kind) {
        return SyntheticLists.header(kind, 5);
    }

    private static String prefixed(String whitelist) {
        return whitelist.replace("xmlns=", "xmlns:w=").replaceAll("<(/?)([A-Z])", "<$1w:$2");
    }

    private static byte[] bom(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] r = new byte[b.length + 3];
        r[0] = (byte) 0xEF;
        r[1] = (byte) 0xBB;
        r[2] = (byte) 0xBF;
        System.arraycopy(b, 0, r, 3, b.length);
        return r;
    }

    private static byte[] utf16(String s) {
        return s.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"").getBytes(StandardCharsets.UTF_16);
    }

    private static byte[] latin1(String s) {
        return s.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Case both(String name, Verdict v, String xml) {
        return new Case(name, xml.getBytes(StandardCharsets.UTF_8), v, null);
    }

    private static Case both(String name, Verdict v, byte[] xml) {
        return new Case(name, xml, v, null);
    }

    private static Case reject(String name, String xml, String code) {
        return new Case(name, xml.getBytes(StandardCharsets.UTF_8), Verdict.REJECT, code);
    }

    private static Schema schema(Path xsd) {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            return f.newSchema(xsd.toFile());
        } catch (Exception e) {
            throw new IllegalStateException(xsd + ": " + e.getMessage(), e);
        }
    }

    /** The official schema's verdict: no DTD or external entity is fetched, schema location hints are ignored. */
    private static boolean valid(Schema schema, byte[] xml) {
        try {
            Validator v = schema.newValidator();
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            v.validate(new StreamSource(new ByteArrayInputStream(xml)));
            return true;
        } catch (org.xml.sax.SAXException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
