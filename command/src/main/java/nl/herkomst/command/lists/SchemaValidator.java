package nl.herkomst.command.lists;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Checks a document against one {@link ListSchema} in a single streaming pass (StAX, the JDK's own
 * parser), and reports every element and leaf value to a {@link Sink} as it goes, so that reading the
 * model costs no second pass. Uniqueness is a hash set per scope: linear in the size of the document.
 * <p>
 * DTDs are never read: a document with a DOCTYPE is rejected before any entity could be declared, and no
 * external resource is ever resolved ({@code xsi:schemaLocation} hints are ignored).
 */
final class SchemaValidator {

    /** Receives the elements of a valid prefix of the document. */
    interface Sink {
        void start(String element);

        void leaf(String element, String value);

        void end(String element);
    }

    /** The first rule the document breaks. */
    static final class Invalid extends Exception {
        final String code;

        Invalid(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final XMLInputFactory FACTORY = factory();

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setXMLReporter((message, type, info, location) -> {
            // the reader's own reports go nowhere: errors come back as exceptions, with their location
        });
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external resources are never resolved: " + systemId);
        });
        return f;
    }

    private static final class Frame {
        final ListSchema.Element spec;
        final HashSet<String>[] unique;
        int child;
        int count;
        final StringBuilder text;

        @SuppressWarnings("unchecked")
        Frame(ListSchema.Element spec) {
            this.spec = spec;
            this.unique = spec.uniqueNames.isEmpty() ? null : new HashSet[spec.uniqueNames.size()];
            if (unique != null) {
                for (int i = 0; i < unique.length; i++) {
                    unique[i] = new HashSet<>();
                }
            }
            this.text = spec.simple() ? new StringBuilder() : null;
        }
    }

    private SchemaValidator() {
    }

    /** Returns the root element's namespace and name, or throws when the document is not well-formed up to there. */
    static void validate(byte[] xml, ListSchema schema, Sink sink) throws Invalid {
        String ns = schema.kind().namespace();
        List<Frame> stack = new ArrayList<>();
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new Invalid("DOCTYPE",
                            "the document has a DOCTYPE: DTDs and entity declarations are never accepted");
                    case XMLStreamConstants.START_ELEMENT -> {
                        String name = r.getLocalName();
                        if (!ns.equals(r.getNamespaceURI())) {
                            throw invalid(r, "NAMESPACE", "element " + qname(r) + " is not in the namespace " + ns);
                        }
                        checkAttributes(r);
                        ListSchema.Element spec;
                        if (stack.isEmpty()) {
                            if (!schema.root().name.equals(name)) {
                                throw invalid(r, "ROOT", "the root element is " + name + ", expected " + schema.root().name);
                            }
                            spec = schema.root();
                        } else {
                            spec = next(r, stack.get(stack.size() - 1), name);
                        }
                        stack.add(new Frame(spec));
                        sink.start(name);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (stack.isEmpty()) {
                            break;
                        }
                        Frame top = stack.get(stack.size() - 1);
                        if (top.text != null) {
                            top.text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                        } else if (!isXmlWhitespace(r.getTextCharacters(), r.getTextStart(), r.getTextLength())) {
                            throw invalid(r, "TEXT", "text is not allowed in element " + top.spec.name);
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Frame top = stack.remove(stack.size() - 1);
                        if (top.text != null) {
                            String value = top.text.toString();
                            checkValue(r, top.spec, value);
                            for (int[] ref : top.spec.uniqueRefs) {
                                Frame scope = stack.get(stack.size() - ref[1]);
                                if (!scope.unique[ref[0]].add(value)) {
                                    throw invalid(r, "DUPLICATE", scope.spec.uniqueNames.get(ref[0]) + ": " + top.spec.name + " '"
                                            + printable(value) + "' occurs more than once");
                                }
                            }
                            sink.leaf(top.spec.name, value);
                        } else {
                            checkComplete(r, top);
                        }
                        sink.end(top.spec.name);
                    }
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw invalid(r, "ENTITY", "entity reference &" + r.getLocalName() + ";");
                    default -> {
                        // comments, processing instructions, the XML declaration
                    }
                }
            }
        } catch (XMLStreamException e) {
            Location l = e.getLocation();
            String where = l == null ? "" : "line " + l.getLineNumber() + ", column " + l.getColumnNumber() + ": ";
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int nested = message.indexOf("\nMessage: ");
            throw new Invalid("NOT_WELL_FORMED", "not well-formed XML: " + where + (nested >= 0 ? message.substring(nested + 10) : message));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing is held open: the input is a byte array
                }
            }
        }
    }

    private static void checkAttributes(XMLStreamReader r) throws Invalid {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ans = r.getAttributeNamespace(i);
            String local = r.getAttributeLocalName(i);
            // namespace declarations are not attributes (the JDK's reader reports them as such for XML 1.1);
            // schema location hints are allowed by XML Schema on any element; they are never followed
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(ans)) {
                continue;
            }
            if (XSI.equals(ans) && ("schemaLocation".equals(local) || "noNamespaceSchemaLocation".equals(local))) {
                continue;
            }
            throw invalid(r, "ATTRIBUTE", "attribute " + (ans == null || ans.isEmpty() ? "" : "{" + ans + "}") + local
                    + " is not allowed on " + r.getLocalName());
        }
    }

    /** Moves the parent's position in its sequence to the element {@code name}. */
    private static ListSchema.Element next(XMLStreamReader r, Frame parent, String name) throws Invalid {
        ListSchema.Element spec = parent.spec;
        if (spec.simple()) {
            throw invalid(r, "STRUCTURE", "element " + name + " is not allowed inside " + spec.name + ", which holds a value");
        }
        List<ListSchema.Element> seq = spec.children;
        while (parent.child < seq.size()) {
            ListSchema.Element c = seq.get(parent.child);
            if (c.name.equals(name) && (c.max < 0 || parent.count < c.max)) {
                parent.count++;
                return c;
            }
            if (parent.count < c.min) {
                throw invalid(r, "STRUCTURE", "expected " + c.name + " in " + spec.name + ", found " + name);
            }
            parent.child++;
            parent.count = 0;
        }
        throw invalid(r, "STRUCTURE", "element " + name + " is not expected here in " + spec.name);
    }

    private static void checkComplete(XMLStreamReader r, Frame f) throws Invalid {
        List<ListSchema.Element> seq = f.spec.children;
        for (int i = f.child; i < seq.size(); i++) {
            int have = i == f.child ? f.count : 0;
            if (have < seq.get(i).min) {
                throw invalid(r, "STRUCTURE", f.spec.name + " lacks " + seq.get(i).name);
            }
        }
    }

    private static void checkValue(XMLStreamReader r, ListSchema.Element e, String raw) throws Invalid {
        ListSchema.SimpleType t = e.type;
        switch (t.base()) {
            case STRING -> {
                int length = raw.codePointCount(0, raw.length());
                if (length < t.minLength() || (t.maxLength() >= 0 && length > t.maxLength())) {
                    throw invalid(r, "VALUE", e.name + " '" + printable(raw) + "' has " + length + " characters; allowed: "
                            + t.minLength() + (t.maxLength() >= 0 ? ".." + t.maxLength() : " or more"));
                }
                if (t.pattern() != null && !t.pattern().matcher(raw).matches()) {
                    throw invalid(r, "VALUE", e.name + " '" + printable(raw) + "' does not match the " + t.name() + " pattern");
                }
            }
            case POSITIVE_INTEGER -> {
                String v = collapse(raw);
                if (!v.matches("\\+?[0-9]+") || new BigInteger(v.startsWith("+") ? v.substring(1) : v).signum() <= 0) {
                    throw invalid(r, "VALUE", e.name + " '" + printable(raw) + "' is not a positive integer");
                }
            }
            case DATE_TIME -> {
                String v = collapse(raw);
                if (v.codePointCount(0, v.length()) < t.minLength() || !isDateTime(v)) {
                    throw invalid(r, "VALUE", e.name + " '" + printable(raw)
                            + "' is not a date and time with seconds (xs:dateTime, at least 20 characters)");
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private static final Pattern DATE_TIME = Pattern.compile(
            "-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?"
                    + "|24:00:00(\\.0+)?)(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?");

    /** The lexical space of xs:dateTime (XML Schema 1.0): a real day of the month, year 0000 excluded. */
    static boolean isDateTime(String v) {
        Matcher m = DATE_TIME.matcher(v);
        if (!m.matches()) {
            return false;
        }
        BigInteger year = new BigInteger(m.group(1));
        if (year.signum() == 0) {
            return false;
        }
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        boolean negative = v.startsWith("-");
        // XML Schema 1.0 has no year 0: -0001 is 1 BC, a leap year in the proleptic calendar
        BigInteger y = negative ? year.negate().add(BigInteger.ONE) : year;
        boolean leap = y.mod(BigInteger.valueOf(4)).signum() == 0
                && (y.mod(BigInteger.valueOf(100)).signum() != 0 || y.mod(BigInteger.valueOf(400)).signum() == 0);
        int max = switch (month) {
            case 2 -> leap ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return day <= max;
    }

    /** XML Schema's whiteSpace=collapse. */
    static String collapse(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isXmlWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isXmlWhitespace(s.charAt(end - 1))) {
            end--;
        }
        String trimmed = s.substring(start, end);
        return trimmed.chars().anyMatch(SchemaValidator::isXmlWhitespace) ? trimmed.replaceAll("[ \t\r\n]+", " ") : trimmed;
    }

    private static boolean isXmlWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isXmlWhitespace(char[] chars, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (!isXmlWhitespace(chars[i])) {
                return false;
            }
        }
        return true;
    }

    private static Invalid invalid(XMLStreamReader r, String code, String message) {
        Location l = r.getLocation();
        return new Invalid(code, (l == null ? "" : "line " + l.getLineNumber() + ": ") + message);
    }

    private static String qname(XMLStreamReader r) {
        String ns = r.getNamespaceURI();
        return (ns == null || ns.isEmpty() ? "" : "{" + ns + "}") + r.getLocalName();
    }

    /** A value as it may appear in a reason: at most 80 characters, control characters shown as '?'. */
    static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        StringBuilder sb = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }
}
