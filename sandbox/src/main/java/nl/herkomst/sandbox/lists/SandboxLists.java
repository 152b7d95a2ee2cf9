package nl.herkomst.sandbox.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MedMij lists that describe the sandbox, in the release-1.1 format: a ZAL with the provider
 * {@code sandbox@medmij}, a GNL, an OCL with the backend as client, and a Whitelist with the sandbox host.
 * They are served at {@code /medmij/<file name>} like the stelselnode's.
 * <p>
 * Each list keeps its Volgnummer and Tijdstempel across restarts (in {@code lists.properties} of the
 * sandbox's folder) and gets the next Volgnummer only when its content changes, as the stelselnode's do.
 * A list can be replaced by a file ({@code herkomst.sandbox.lists.<list>-file}) or, for tests, by
 * {@code PUT /sandbox/lists/<list>} with any bytes, status and content type. After such a document, the
 * sandbox's own list comes back with a Volgnummer above the highest one published, so that a backend which
 * accepted a published version takes the sandbox's own again.
 */
public final class SandboxLists {

    public record Service(String id, String name, String systeemrol, String resourcePath) {
    }

    /** What is served for one list. */
    public record Served(int status, String contentType, byte[] body) {
    }

    private static final Map<String, String> FILES = Map.of(
            "zal", "MedMij_Zorgaanbiederslijst.xml", "gnl", "MedMij_Gegevensdienstnamenlijst.xml",
            "ocl", "MedMij_OAuthclientlist.xml", "whitelist", "MedMij_Whitelist.xml");

    private final Path state;
    private final String baseUrl;
    private final String host;
    private final String provider;
    private final List<Service> services;
    private final Map<String, String> clients;
    private final Map<String, Path> files;
    private final Map<String, Served> published = new ConcurrentHashMap<>();
    private final Map<String, Served> generated = new ConcurrentHashMap<>();
    private final Map<String, Long> highestPublished = new ConcurrentHashMap<>();
    private static final java.util.regex.Pattern VOLGNUMMER = java.util.regex.Pattern.compile("<(?:\\w+:)?Volgnummer>\\s*\\+?0*([0-9]+)\\s*<");

    public SandboxLists(Path dir, String baseUrl, String host, String provider, List<Service> services, Map<String, String> clients,
                        Map<String, Path> files) {
        this.state = dir.resolve("lists.properties");
        this.baseUrl = baseUrl;
        this.host = host;
        this.provider = provider;
        this.services = List.copyOf(services);
        this.clients = Map.copyOf(clients);
        this.files = Map.copyOf(files);
        for (String list : FILES.keySet()) {
            Path file = files.get(list);
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException("herkomst.sandbox.lists." + list + "-file: cannot read " + file);
            }
        }
        generate();
    }

    /** The list served under this file name, if it is one of the four. */
    public Optional<Served> serve(String fileName) {
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            if (e.getValue().equals(fileName)) {
                String list = e.getKey();
                Served p = published.get(list);
                if (p != null) {
                    return Optional.of(p);
                }
                Path file = files.get(list);
                if (file != null) {
                    try {
                        return Optional.of(new Served(200, "application/xml", Files.readAllBytes(file)));
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                }
                return Optional.of(generated.get(list));
            }
        }
        return Optional.empty();
    }

    /** Serves these bytes for a list until {@link #reset()}. */
    public synchronized void publish(String list, int status, String contentType, byte[] body) {
        if (!FILES.containsKey(list)) {
            throw new IllegalArgumentException("list must be one of " + FILES.keySet());
        }
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status code");
        }
        published.put(list, new Served(status, contentType, body == null ? new byte[0] : body));
        java.util.regex.Matcher m = VOLGNUMMER.matcher(new String(body == null ? new byte[0] : body, StandardCharsets.ISO_8859_1));
        if (m.find() && m.group(1).length() < 18) {
            highestPublished.merge(list, Long.parseLong(m.group(1)), Math::max);
        }
    }

    /** Back to the sandbox's own lists; those with a published Volgnummer at or above theirs get a higher one. */
    public synchronized void reset() {
        published.clear();
        if (!highestPublished.isEmpty()) {
            generate();
        }
    }

    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String list : FILES.keySet()) {
            s.put(list, published.containsKey(list) ? "published" : files.containsKey(list) ? "file " + files.get(list) : "generated");
        }
        return s;
    }

    // ---- the generated lists --------------------------------------------------------------------

    private synchronized void generate() {
        Properties p = new Properties();
        if (Files.isReadable(state)) {
            try (var in = Files.newInputStream(state)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> bodies = Map.of("zal", zalBody(), "gnl", gnlBody(), "ocl", oclBody(), "whitelist", whitelistBody());
        boolean changed = false;
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            String list = e.getKey();
            String hash = sha256(e.getValue());
            long volgnummer = Long.parseLong(p.getProperty(list + ".volgnummer", "0"));
            String tijdstempel = p.getProperty(list + ".tijdstempel");
            long published = highestPublished.getOrDefault(list, 0L);
            if (!hash.equals(p.getProperty(list + ".sha256")) || tijdstempel == null || published >= volgnummer) {
                volgnummer = Math.max(volgnummer, published) + 1;
                tijdstempel = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                p.setProperty(list + ".volgnummer", Long.toString(volgnummer));
                p.setProperty(list + ".tijdstempel", tijdstempel);
                p.setProperty(list + ".sha256", hash);
                changed = true;
            }
            String[] rootAndNs = switch (list) {
                case "zal" -> new String[] {"Zorgaanbiederslijst", "zorgaanbiederslijst/release2/"};
                case "gnl" -> new String[] {"Gegevensdienstnamenlijst", "gegevensdienstnamenlijst/release1/"};
                case "ocl" -> new String[] {"OAuthclientlist", "oauthclientlist/release2/"};
                default -> new String[] {"Whitelist", "whitelist/release2/"};
            };
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + rootAndNs[0] + " xmlns=\"xmlns://afsprakenstelsel.medmij.nl/"
                    + rootAndNs[1] + "\">\n    <Tijdstempel>" + tijdstempel + "</Tijdstempel>\n    <Volgnummer>" + volgnummer
                    + "</Volgnummer>\n" + e.getValue() + "</" + rootAndNs[0] + ">\n";
            generated.put(list, new Served(200, "application/xml", xml.getBytes(StandardCharsets.UTF_8)));
        }
        if (changed) {
            try {
                Files.createDirectories(state.getParent());
                try (var out = Files.newOutputStream(state)) {
                    p.store(out, "Volgnummer and Tijdstempel of the sandbox's lists");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String zalBody() {
        StringBuilder sb = new StringBuilder();
        sb.append("    <Zorgaanbieders>\n        <Zorgaanbieder>\n            <Zorgaanbiedernaam>").append(esc(provider))
                .append("</Zorgaanbiedernaam>\n            <Gegevensdiensten>\n");
        for (Service s : services) {
            sb.append("                <Gegevensdienst>\n                    <GegevensdienstId>").append(esc(s.id())).append("</GegevensdienstId>\n")
                    .append("                    <AuthorizationEndpoint><AuthorizationEndpointuri>").append(esc(baseUrl))
                    .append("/oauth2/authorize</AuthorizationEndpointuri></AuthorizationEndpoint>\n")
                    .append("                    <TokenEndpoint><TokenEndpointuri>").append(esc(baseUrl))
                    .append("/oauth2/token</TokenEndpointuri></TokenEndpoint>\n")
                    .append("                    <Systeemrollen><Systeemrol><Systeemrolcode>").append(esc(s.systeemrol()))
                    .append("</Systeemrolcode><ResourceEndpoint><ResourceEndpointuri>").append(esc(baseUrl + s.resourcePath()))
                    .append("</ResourceEndpointuri></ResourceEndpoint></Systeemrol></Systeemrollen>\n")
                    .append("                </Gegevensdienst>\n");
        }
        return sb.append("            </Gegevensdiensten>\n        </Zorgaanbieder>\n    </Zorgaanbieders>\n").toString();
    }

    private String gnlBody() {
        StringBuilder sb = new StringBuilder("    <Gegevensdiensten>\n");
        for (Service s : services) {
            sb.append("        <Gegevensdienst><GegevensdienstId>").append(esc(s.id())).append("</GegevensdienstId><Weergavenaam>")
                    .append(esc(s.name())).append("</Weergavenaam></Gegevensdienst>\n");
        }
        return sb.append("    </Gegevensdiensten>\n").toString();
    }

    private String oclBody() {
        StringBuilder sb = new StringBuilder("    <OAuthclients>\n");
        clients.forEach((hostname, org) -> sb.append("        <OAuthclient><Hostname>").append(esc(hostname))
                .append("</Hostname><OAuthclientOrganisatienaam>").append(esc(org)).append("</OAuthclientOrganisatienaam></OAuthclient>\n"));
        return sb.append("    </OAuthclients>\n").toString();
    }

    private String whitelistBody() {
        return "    <MedMijNodes>\n        <MedMijNode><Hostname>" + esc(host) + "</Hostname></MedMijNode>\n    </MedMijNodes>\n";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
