package nl.herkomst.command.lists;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import nl.herkomst.command.directory.ProviderDirectory;
import nl.herkomst.command.store.Sha256;

/**
 * Reads a MedMij list: finds its kind from the root element, checks it against the rules of each release
 * of that kind (newest first, {@link ListSchema}) and returns what it says, or why it was rejected. The
 * same code serves the fetcher and {@code lists validate <file>}.
 * <p>
 * Beyond the schemas the product also rejects (each with its own code): a DOCTYPE ({@code DOCTYPE}), a
 * Tijdstempel without a time zone ({@code TIJDSTEMPEL_WITHOUT_ZONE}) or outside the years 1000–9999
 * ({@code TIJDSTEMPEL_OUT_OF_RANGE}), a Volgnummer of more than 30 digits ({@code VOLGNUMMER_TOO_LONG}), an
 * endpoint port outside 1–65535 or not in ASCII digits ({@code PORT_OUT_OF_RANGE}: no connection could use
 * it) and, when a kind is expected, a document of another kind ({@code WRONG_LIST}). The rules that need the accepted version (a higher
 * Volgnummer, no empty Whitelist over a non-empty one) are the {@code MedMijList} aggregate's.
 */
public final class ListReader {

    /** Why a document was rejected: a stable code and the reasons, one per release tried. */
    public static final class Rejected extends Exception {
        private final String code;
        private final List<String> reasons;

        public Rejected(String code, List<String> reasons) {
            super(code + ": " + String.join("; ", reasons), null, false, false);
            this.code = code;
            this.reasons = List.copyOf(reasons);
        }

        public String code() {
            return code;
        }

        public List<String> reasons() {
            return reasons;
        }
    }

    private static final Pattern ZONE = Pattern.compile(".*(Z|[+-][0-9]{2}:[0-9]{2})$");
    private static final Pattern ROOT = Pattern.compile("<(?:([A-Za-z_][\\w.-]*):)?([A-Za-z_][\\w.-]*)[\\s/>]");

    private final Map<ListKind, List<ListSchema>> schemas = new HashMap<>();

    /** The rules of the releases, exactly. */
    public ListReader() {
        this(false);
    }

    /**
     * @param developmentHosts also accept a port on a {@code *.localhost} authorization endpoint (the sandbox's;
     *                         never in production: such a document fails the official schema)
     */
    public ListReader(boolean developmentHosts) {
        for (ListKind k : ListKind.values()) {
            schemas.put(k, ListSchema.releases(k, developmentHosts));
        }
    }

    /** Reads a document of any of the four kinds. */
    public ListDocument read(byte[] xml) throws Rejected {
        return read(xml, null);
    }

    /** Reads a document that must be of {@code expected} (null: any kind). */
    public ListDocument read(byte[] xml, ListKind expected) throws Rejected {
        ListKind kind = expected != null ? expected : guessKind(xml)
                .orElseThrow(() -> new Rejected("UNKNOWN_LIST", List.of("the root element is not one of the four MedMij lists")));
        List<String> reasons = new ArrayList<>();
        String code = null;
        for (ListSchema schema : releasesFor(kind, xml)) {
            Builder builder = new Builder(kind);
            try {
                SchemaValidator.validate(xml, schema, builder);
            } catch (SchemaValidator.Invalid e) {
                if (expected != null && builder.depth == 0 && ("ROOT".equals(e.code) || "NAMESPACE".equals(e.code))) {
                    Optional<ListKind> other = guessKind(xml);
                    if (other.isPresent() && other.get() != kind) {
                        throw new Rejected("WRONG_LIST", List.of("expected a " + kind.root() + ", got a " + other.get().root()));
                    }
                }
                if (code == null) {
                    code = e.code;
                }
                String reason = e.getMessage();
                if (!reasons.isEmpty() && reasons.get(reasons.size() - 1).endsWith(": " + reason)) {
                    String last = reasons.remove(reasons.size() - 1);
                    reasons.add(last.replaceFirst(": ", " and " + schema.release() + ": "));
                } else {
                    reasons.add("release " + schema.release() + ": " + reason);
                }
                if (e.code.equals("DOCTYPE") || e.code.equals("NOT_WELL_FORMED") || e.code.equals("NAMESPACE") || e.code.equals("ROOT")) {
                    break; // the same for every release
                }
                continue;
            }
            String tijdstempel = SchemaValidator.collapse(builder.tijdstempel);
            if (!ZONE.matcher(tijdstempel).matches()) {
                throw new Rejected("TIJDSTEMPEL_WITHOUT_ZONE", List.of("Tijdstempel '" + SchemaValidator.printable(tijdstempel) + "' has no time zone"));
            }
            if (!YEAR.matcher(tijdstempel).lookingAt() || tijdstempel.length() > 35) {
                throw new Rejected("TIJDSTEMPEL_OUT_OF_RANGE", List.of("Tijdstempel '" + SchemaValidator.printable(tijdstempel)
                        + "' is not in the years 1000 to 9999"));
            }
            String v = SchemaValidator.collapse(builder.volgnummer);
            BigInteger volgnummer = new BigInteger(v.startsWith("+") ? v.substring(1) : v);
            if (volgnummer.toString().length() > 30) {
                throw new Rejected("VOLGNUMMER_TOO_LONG", List.of("Volgnummer has " + volgnummer.toString().length() + " digits; at most 30 are accepted"));
            }
            ListDocument.Content content = builder.content();
            if (content instanceof ListDocument.Zal zal) {
                checkPorts(zal);
            }
            return new ListDocument(kind, schema.release(), volgnummer, SchemaValidator.collapse(builder.tijdstempel), Sha256.hex(xml),
                    xml.length, builder.counts(content), content);
        }
        throw new Rejected(code, reasons);
    }

    private static final Pattern TEXT_NODE = Pattern.compile("<([A-Za-z_][\\w.-]*:)?MedMijNode>\\s*[^<\\s]");
    private static final Pattern HOSTNAME_ELEMENT = Pattern.compile("<([A-Za-z_][\\w.-]*:)?Hostname[\\s/>]");

    /**
     * The releases whose rules apply. The two Whitelist shapes share one namespace (medmij.md §4.4): a
     * Whitelist with {@code Hostname} elements is read by the release-1.1 rules only, one without by the
     * release-1.0 rules only, so that its reasons name the shape it has.
     */
    private List<ListSchema> releasesFor(ListKind kind, byte[] xml) {
        List<ListSchema> all = schemas.get(kind);
        if (kind != ListKind.WHITELIST) {
            return all;
        }
        String text = new String(xml, java.nio.charset.StandardCharsets.ISO_8859_1);
        boolean hostnames = HOSTNAME_ELEMENT.matcher(text).find();
        boolean textNodes = TEXT_NODE.matcher(text).find();
        if (hostnames == textNodes) {
            return all;
        }
        return all.stream().filter(s -> s.release().equals(hostnames ? "1.1" : "1.0")).toList();
    }

    private static final Pattern YEAR = Pattern.compile("[1-9][0-9]{3}-");
    private static final Pattern AUTHORITY = Pattern.compile("https://[^/:]+(?::([^/]*))?(?:/.*)?");

    /** Every endpoint's port, when it has one, must be one a connection can use. */
    private static void checkPorts(ListDocument.Zal zal) throws Rejected {
        for (ProviderDirectory.Provider p : zal.providers().values()) {
            for (ProviderDirectory.Service s : p.gegevensdiensten().values()) {
                List<String> uris = new ArrayList<>(List.of(s.authorizationEndpoint(), s.tokenEndpoint()));
                uris.addAll(s.resourceEndpoints().values());
                for (String uri : uris) {
                    var m = AUTHORITY.matcher(uri);
                    if (m.matches() && m.group(1) != null
                            && (!m.group(1).matches("[0-9]{1,5}") || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535)) {
                        throw new Rejected("PORT_OUT_OF_RANGE", List.of(p.name() + " " + s.id() + ": endpoint '" + SchemaValidator.printable(uri)
                                + "' has a port no connection can use (1 to 65535, ASCII digits)"));
                    }
                }
            }
        }
    }

    /** The kind named by the first element of the document, by a cheap look at its first bytes. */
    static Optional<ListKind> guessKind(byte[] xml) {
        java.nio.charset.Charset charset = java.nio.charset.StandardCharsets.ISO_8859_1;
        if (xml.length >= 2 && ((xml[0] == (byte) 0xFE && xml[1] == (byte) 0xFF) || (xml[0] == 0 && xml[1] == '<'))) {
            charset = java.nio.charset.StandardCharsets.UTF_16BE;
        } else if (xml.length >= 2 && ((xml[0] == (byte) 0xFF && xml[1] == (byte) 0xFE) || (xml[0] == '<' && xml[1] == 0))) {
            charset = java.nio.charset.StandardCharsets.UTF_16LE;
        }
        String head = new String(xml, 0, Math.min(xml.length, 8192), charset);
        int i = 0;
        while ((i = head.indexOf('<', i)) >= 0) {
            if (head.startsWith("<?", i) || head.startsWith("<!", i)) {
                i++;
                continue;
            }
            var m = ROOT.matcher(head).region(i, head.length());
            if (!m.lookingAt()) {
                return Optional.empty();
            }
            String local = m.group(2);
            for (ListKind k : ListKind.values()) {
                if (k.root().equals(local) && head.contains(k.namespace())) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Builds the content from the validator's callbacks. */
    private static final class Builder implements SchemaValidator.Sink {
        private final ListKind kind;
        int depth;
        String tijdstempel;
        String volgnummer;
        private final Map<String, ProviderDirectory.Provider> providers = new LinkedHashMap<>();
        private final Map<String, String> pairs = new LinkedHashMap<>();
        private final Set<String> hosts = new HashSet<>();
        private int services;
        // the entry being read
        private String name;
        private String serviceId;
        private String authorization;
        private String token;
        private String rol;
        private Map<String, ProviderDirectory.Service> providerServices;
        private Map<String, String> roles;

        Builder(ListKind kind) {
            this.kind = kind;
        }

        @Override
        public void start(String element) {
            depth++;
            switch (element) {
                case "Zorgaanbieder" -> providerServices = new LinkedHashMap<>();
                case "Systeemrollen" -> roles = new LinkedHashMap<>();
                default -> {
                }
            }
        }

        @Override
        public void leaf(String element, String value) {
            switch (element) {
                case "Tijdstempel" -> tijdstempel = value;
                case "Volgnummer" -> volgnummer = value;
                case "Zorgaanbiedernaam" -> name = value;
                case "GegevensdienstId" -> serviceId = value;
                case "AuthorizationEndpointuri" -> authorization = value;
                case "TokenEndpointuri" -> token = value;
                case "Systeemrolcode" -> rol = value;
                case "ResourceEndpointuri" -> roles.put(rol, value);
                case "Hostname", "MedMijNode" -> {
                    if (kind == ListKind.WHITELIST) {
                        hosts.add(value);
                    } else {
                        name = value;
                    }
                }
                case "OAuthclientOrganisatienaam" -> pairs.put(name, value);
                case "Weergavenaam" -> pairs.put(serviceId, value);
                default -> {
                }
            }
        }

        @Override
        public void end(String element) {
            depth--;
            if (kind == ListKind.ZAL) {
                switch (element) {
                    case "Gegevensdienst" -> {
                        providerServices.put(serviceId, new ProviderDirectory.Service(serviceId, authorization, token, Map.copyOf(roles)));
                        services++;
                    }
                    case "Zorgaanbieder" -> providers.put(name, new ProviderDirectory.Provider(name, providerServices));
                    default -> {
                    }
                }
            }
        }

        ListDocument.Content content() {
            return switch (kind) {
                case ZAL -> new ListDocument.Zal(providers);
                case OCL -> new ListDocument.Ocl(pairs);
                case GNL -> new ListDocument.Gnl(pairs);
                case WHITELIST -> new ListDocument.Whitelist(Set.copyOf(hosts));
            };
        }

        Map<String, Integer> counts(ListDocument.Content content) {
            return switch (kind) {
                case ZAL -> Map.of("zorgaanbieders", providers.size(), "gegevensdiensten", services);
                case OCL -> Map.of("oauthclients", content.entries());
                case GNL -> Map.of("gegevensdiensten", content.entries());
                case WHITELIST -> Map.of("medmijnodes", content.entries());
            };
        }
    }
}
