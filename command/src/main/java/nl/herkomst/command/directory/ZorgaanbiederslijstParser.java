package nl.herkomst.command.directory;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads a release-1.x Zorgaanbiederslijst. No DTDs and no external entities are ever resolved: a document
 * with a DOCTYPE is refused.
 */
public final class ZorgaanbiederslijstParser {

    public static final String NAMESPACE = "xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/";

    public record Zorgaanbiederslijst(String tijdstempel, String volgnummer, Map<String, ProviderDirectory.Provider> providers) {
    }

    public Zorgaanbiederslijst parse(byte[] xml) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a well-formed Zorgaanbiederslijst: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"Zorgaanbiederslijst".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw new IllegalArgumentException("not a Zorgaanbiederslijst: root element " + root.getLocalName());
        }
        String tijdstempel = text(root, "Tijdstempel");
        String volgnummer = text(root, "Volgnummer");
        if (volgnummer == null || !volgnummer.matches("[1-9][0-9]*")) {
            throw new IllegalArgumentException("Volgnummer must be a positive integer");
        }
        Map<String, ProviderDirectory.Provider> providers = new LinkedHashMap<>();
        for (Element za : children(child(root, "Zorgaanbieders"), "Zorgaanbieder")) {
            String name = text(za, "Zorgaanbiedernaam");
            Map<String, ProviderDirectory.Service> services = new LinkedHashMap<>();
            for (Element gd : children(child(za, "Gegevensdiensten"), "Gegevensdienst")) {
                String id = text(gd, "GegevensdienstId");
                String auth = text(child(gd, "AuthorizationEndpoint"), "AuthorizationEndpointuri");
                String token = text(child(gd, "TokenEndpoint"), "TokenEndpointuri");
                Map<String, String> roles = new LinkedHashMap<>();
                for (Element rol : children(child(gd, "Systeemrollen"), "Systeemrol")) {
                    roles.put(text(rol, "Systeemrolcode"), text(child(rol, "ResourceEndpoint"), "ResourceEndpointuri"));
                }
                services.put(id, new ProviderDirectory.Service(id, auth, token, roles));
            }
            if (providers.put(name, new ProviderDirectory.Provider(name, services)) != null) {
                throw new IllegalArgumentException("Zorgaanbiedernaam is not unique: " + name);
            }
        }
        return new Zorgaanbiederslijst(tijdstempel, volgnummer, providers);
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName()) && NAMESPACE.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    private static java.util.List<Element> children(Element parent, String name) {
        java.util.List<Element> result = new java.util.ArrayList<>();
        if (parent == null) {
            return result;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && name.equals(e.getLocalName()) && NAMESPACE.equals(e.getNamespaceURI())) {
                result.add(e);
            }
        }
        return result;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent();
    }
}
