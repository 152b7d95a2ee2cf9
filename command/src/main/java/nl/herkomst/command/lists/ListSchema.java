package nl.herkomst.command.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of one release of one MedMij list, written out in the product's own terms (the repository holds
 * no copy of MedMij's XSD files). Each element has its place in a sequence, its occurrence bounds and either
 * child elements or a simple type; uniqueness rules ({@code xs:unique}) name the scope element and the path
 * of the unique value below it. The trees mirror the release-1.0 and release-1.1 schemas of medmij.md §4.4.
 */
public final class ListSchema {

    /** An element: name, bounds ({@code max < 0} is unbounded), and a simple type or child elements. */
    public static final class Element {
        final String name;
        final int min;
        final int max;
        final SimpleType type;
        final List<Element> children;
        final List<String> uniqueNames = new ArrayList<>();
        /** Uniqueness rules whose value this (leaf) element holds: the rule's index in its scope, levels up. */
        final List<int[]> uniqueRefs = new ArrayList<>();

        private Element(String name, int min, int max, SimpleType type, List<Element> children) {
            this.name = name;
            this.min = min;
            this.max = max;
            this.type = type;
            this.children = children;
        }

        public String name() {
            return name;
        }

        boolean simple() {
            return type != null;
        }

        /** Declares {@code xs:unique} on this element over the leaf at {@code path} (child names joined by '/'). */
        Element unique(String ruleName, String path) {
            String[] steps = path.split("/");
            Element e = this;
            for (String step : steps) {
                e = e.children.stream().filter(c -> c.name.equals(step)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no element " + step + " below " + name));
            }
            if (!e.simple()) {
                throw new IllegalArgumentException(path + " is not a leaf");
            }
            e.uniqueRefs.add(new int[] {uniqueNames.size(), steps.length});
            uniqueNames.add(ruleName);
            return this;
        }
    }

    /** A simple type: a string with length bounds and a pattern, an {@code xs:dateTime} or an {@code xs:positiveInteger}. */
    public record SimpleType(String name, Base base, int minLength, int maxLength, Pattern pattern) {
        enum Base { STRING, DATE_TIME, POSITIVE_INTEGER }
    }

    private final ListKind kind;
    private final String release;
    private final Element root;

    private ListSchema(ListKind kind, String release, Element root) {
        this.kind = kind;
        this.release = release;
        this.root = root;
    }

    public ListKind kind() {
        return kind;
    }

    public String release() {
        return release;
    }

    Element root() {
        return root;
    }

    // --- the types of medmij.md §4.4 (XSD patterns are anchored; XSD's \d is any Unicode digit) ---

    private static final String HOST = "(([a-z0-9])([a-z0-9-])*(\\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])";
    static final SimpleType DATUM_TIJD = new SimpleType("DatumTijd", SimpleType.Base.DATE_TIME, 20, -1, null);
    static final SimpleType POSITIEFNUMMER = new SimpleType("Positiefnummer", SimpleType.Base.POSITIVE_INTEGER, 0, -1, null);
    static final SimpleType HOSTNAME = string("Hostname", 0, -1, HOST);
    static final SimpleType ZORGAANBIEDERNAAM = string("Zorgaanbiedernaam", 10, 57, "([a-z])+@medmij");
    static final SimpleType FRONTCHANNEL_URI = string("Frontchanneluri", 0, -1,
            "https://(([a-z0-9])([a-z0-9-])*(\\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])?(/[^?#/]+)*");
    /**
     * Development only ({@code herkomst.lists.development-hosts}): a front-channel URI on a {@code *.localhost}
     * host may carry a port, so that the sandbox's authorization endpoint need not be on port 443.
     */
    static final SimpleType FRONTCHANNEL_URI_DEVELOPMENT = string("Frontchanneluri", 0, -1,
            FRONTCHANNEL_URI.pattern().pattern() + "|https://([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+localhost:(\\p{Nd}){1,5}(/[^?#/]+)*");
    static final SimpleType BACKCHANNEL_URI = string("Backchanneluri", 0, -1, "https://" + HOST + "(:(\\p{Nd}){1,5})?(/[^?#/]+)*");
    static final SimpleType ORGANISATIENAAM = string("OAuthclientOrganisatienaam", 3, 50, null);
    static final SimpleType WEERGAVENAAM = string("Weergavenaam", 3, 50, null);

    private static SimpleType string(String name, int min, int max, String pattern) {
        return new SimpleType(name, SimpleType.Base.STRING, min, max, pattern == null ? null : Pattern.compile(pattern));
    }

    private static Element leaf(String name, SimpleType type) {
        return new Element(name, 1, 1, type, null);
    }

    private static Element one(String name, Element... children) {
        return new Element(name, 1, 1, null, List.of(children));
    }

    private static Element many(String name, int min, Element... children) {
        return new Element(name, min, -1, null, List.of(children));
    }

    private static Element[] header(Element list) {
        return new Element[] {leaf("Tijdstempel", DATUM_TIJD), leaf("Volgnummer", POSITIEFNUMMER), list};
    }

    /** The Zorgaanbiederslijst; release 1.1 caps GegevensdienstId and Systeemrolcode at 30 characters. */
    static ListSchema zal(String release, int idMaxLength, SimpleType frontChannel) {
        SimpleType id = string("GegevensdienstId", 1, idMaxLength, null);
        SimpleType rol = string("Systeemrolcode", 1, idMaxLength, null);
        Element gegevensdienst = many("Gegevensdienst", 1,
                leaf("GegevensdienstId", id),
                one("AuthorizationEndpoint", leaf("AuthorizationEndpointuri", frontChannel)),
                one("TokenEndpoint", leaf("TokenEndpointuri", BACKCHANNEL_URI)),
                one("Systeemrollen", many("Systeemrol", 1, leaf("Systeemrolcode", rol),
                        one("ResourceEndpoint", leaf("ResourceEndpointuri", BACKCHANNEL_URI))))
                        .unique("Unieke_Systeemrol", "Systeemrol/Systeemrolcode"));
        Element zorgaanbieder = many("Zorgaanbieder", 0, leaf("Zorgaanbiedernaam", ZORGAANBIEDERNAAM),
                one("Gegevensdiensten", gegevensdienst).unique("Unieke_Gegevensdienst", "Gegevensdienst/GegevensdienstId"));
        Element list = one("Zorgaanbieders", zorgaanbieder).unique("Unieke_Zorgaanbieder", "Zorgaanbieder/Zorgaanbiedernaam");
        return new ListSchema(ListKind.ZAL, release, one(ListKind.ZAL.root(), header(list)));
    }

    static ListSchema ocl(String release) {
        Element list = one("OAuthclients", many("OAuthclient", 0, leaf("Hostname", HOSTNAME),
                leaf("OAuthclientOrganisatienaam", ORGANISATIENAAM))).unique("Unieke_OAuthclient", "OAuthclient/Hostname");
        return new ListSchema(ListKind.OCL, release, one(ListKind.OCL.root(), header(list)));
    }

    static ListSchema gnl(String release) {
        Element list = one("Gegevensdiensten", many("Gegevensdienst", 0, leaf("GegevensdienstId", string("GegevensdienstId", 1, 30, null)),
                leaf("Weergavenaam", WEERGAVENAAM))).unique("Unieke_Gegevensdienst", "Gegevensdienst/GegevensdienstId");
        return new ListSchema(ListKind.GNL, release, one(ListKind.GNL.root(), header(list)));
    }

    /** Release 1.1: {@code <MedMijNode><Hostname>…</Hostname></MedMijNode>}, zero or more nodes. */
    static ListSchema whitelist11() {
        Element list = one("MedMijNodes", many("MedMijNode", 0, leaf("Hostname", HOSTNAME))).unique("Unieke_MedMijNode", "MedMijNode/Hostname");
        return new ListSchema(ListKind.WHITELIST, "1.1", one(ListKind.WHITELIST.root(), header(list)));
    }

    /** Release 1.0: {@code <MedMijNode>host</MedMijNode>}, at least one node. */
    static ListSchema whitelist10() {
        Element node = new Element("MedMijNode", 1, -1, HOSTNAME, null);
        Element list = one("MedMijNodes", node).unique("Unieke-MedMijNode", "MedMijNode");
        return new ListSchema(ListKind.WHITELIST, "1.0", one(ListKind.WHITELIST.root(), header(list)));
    }

    /** The releases of a kind, newest first: a document is read by the first whose rules it meets. */
    public static List<ListSchema> releases(ListKind kind, boolean developmentHosts) {
        SimpleType front = developmentHosts ? FRONTCHANNEL_URI_DEVELOPMENT : FRONTCHANNEL_URI;
        return switch (kind) {
            case ZAL -> List.of(zal("1.1", 30, front), zal("1.0", -1, front));
            // the release-1.0 OCL schema differs from 1.1 only in type names: one rule set reads both
            case OCL -> List.of(ocl("1.1"));
            case GNL -> List.of(gnl("1.1"));
            case WHITELIST -> List.of(whitelist11(), whitelist10());
        };
    }
}
