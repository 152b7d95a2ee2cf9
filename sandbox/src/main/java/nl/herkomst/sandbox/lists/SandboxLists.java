package nl.herkomst.sandbox.lists;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The MedMij lists that describe the sandbox, in the release-1.1 format: a ZAL with the provider
 * {@code sandbox@medmij}, a GNL, an OCL with the backend as client, and a Whitelist with the sandbox host.
 */
public final class SandboxLists {

    public record Service(String id, String name, String systeemrol, String resourcePath) {
    }

    private final String baseUrl;
    private final String host;
    private final String provider;
    private final List<Service> services;
    private final Map<String, String> clients;
    private final String tijdstempel = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    public SandboxLists(String baseUrl, String host, String provider, List<Service> services, Map<String, String> clients) {
        this.baseUrl = baseUrl;
        this.host = host;
        this.provider = provider;
        this.services = List.copyOf(services);
        this.clients = Map.copyOf(clients);
    }

    private String header(String root, String ns) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"xmlns://afsprakenstelsel.medmij.nl/" + ns + "\">\n"
                + "    <Tijdstempel>" + tijdstempel + "</Tijdstempel>\n    <Volgnummer>1</Volgnummer>\n";
    }

    public String zorgaanbiederslijst() {
        StringBuilder sb = new StringBuilder(header("Zorgaanbiederslijst", "zorgaanbiederslijst/release2/"));
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
        return sb.append("            </Gegevensdiensten>\n        </Zorgaanbieder>\n    </Zorgaanbieders>\n</Zorgaanbiederslijst>\n").toString();
    }

    public String gegevensdienstnamenlijst() {
        StringBuilder sb = new StringBuilder(header("Gegevensdienstnamenlijst", "gegevensdienstnamenlijst/release1/"));
        sb.append("    <Gegevensdiensten>\n");
        for (Service s : services) {
            sb.append("        <Gegevensdienst><GegevensdienstId>").append(esc(s.id())).append("</GegevensdienstId><Weergavenaam>")
                    .append(esc(s.name())).append("</Weergavenaam></Gegevensdienst>\n");
        }
        return sb.append("    </Gegevensdiensten>\n</Gegevensdienstnamenlijst>\n").toString();
    }

    public String oauthClientList() {
        StringBuilder sb = new StringBuilder(header("OAuthclientlist", "oauthclientlist/release2/"));
        sb.append("    <OAuthclients>\n");
        clients.forEach((hostname, org) -> sb.append("        <OAuthclient><Hostname>").append(esc(hostname))
                .append("</Hostname><OAuthclientOrganisatienaam>").append(esc(org)).append("</OAuthclientOrganisatienaam></OAuthclient>\n"));
        return sb.append("    </OAuthclients>\n</OAuthclientlist>\n").toString();
    }

    public String whitelist() {
        return header("Whitelist", "whitelist/release2/") + "    <MedMijNodes>\n        <MedMijNode><Hostname>" + esc(host)
                + "</Hostname></MedMijNode>\n    </MedMijNodes>\n</Whitelist>\n";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
