package nl.herkomst.command.lists;

import java.nio.charset.StandardCharsets;

/** Small synthetic MedMij lists in the release-1.1 format, for tests and the benchmark. */
public final class SyntheticLists {

    private SyntheticLists() {
    }

    public static String header(ListKind kind, long volgnummer) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + kind.root() + " xmlns=\"" + kind.namespace() + "\">\n"
                + "    <Tijdstempel>2026-12-01T10:15:00Z</Tijdstempel>\n    <Volgnummer>" + volgnummer + "</Volgnummer>\n";
    }

    /** One provider entry with one gegevensdienst; {@code host} serves all three endpoints. */
    public static String provider(String name, String gegevensdienst, String host) {
        return "        <Zorgaanbieder>\n            <Zorgaanbiedernaam>" + name + "</Zorgaanbiedernaam>\n            <Gegevensdiensten>\n"
                + "                <Gegevensdienst>\n                    <GegevensdienstId>" + gegevensdienst + "</GegevensdienstId>\n"
                + "                    <AuthorizationEndpoint><AuthorizationEndpointuri>https://" + host
                + "/oauth/authorize</AuthorizationEndpointuri></AuthorizationEndpoint>\n"
                + "                    <TokenEndpoint><TokenEndpointuri>https://" + host + ":8443/oauth/token</TokenEndpointuri></TokenEndpoint>\n"
                + "                    <Systeemrollen><Systeemrol><Systeemrolcode>MM-3.0-BGZ-FHIR</Systeemrolcode>"
                + "<ResourceEndpoint><ResourceEndpointuri>https://" + host + "/fhir/stu3</ResourceEndpointuri></ResourceEndpoint>"
                + "</Systeemrol></Systeemrollen>\n                </Gegevensdienst>\n            </Gegevensdiensten>\n        </Zorgaanbieder>\n";
    }

    public static String zal(long volgnummer, String providers) {
        return header(ListKind.ZAL, volgnummer) + "    <Zorgaanbieders>\n" + providers + "    </Zorgaanbieders>\n</Zorgaanbiederslijst>\n";
    }

    public static String zal(long volgnummer) {
        return zal(volgnummer, provider("umcnoord@medmij", "48", "fhir.umcnoord.example.nl")
                + provider("huisartsoost@medmij", "48", "pgo-api.huisartsoost.example.nl"));
    }

    /** A ZAL of {@code providers} generated providers (names from a base-26 counter: only a-z is allowed). */
    public static byte[] largeZal(int providers, long volgnummer) {
        StringBuilder sb = new StringBuilder(providers * 800);
        sb.append(header(ListKind.ZAL, volgnummer)).append("    <Zorgaanbieders>\n");
        for (int i = 0; i < providers; i++) {
            String letters = letters(i);
            sb.append(provider("zorgaanbieder" + letters + "@medmij", "48", "fhir." + letters + ".example.nl"));
        }
        return sb.append("    </Zorgaanbieders>\n</Zorgaanbiederslijst>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String letters(int n) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return sb.reverse().toString();
    }

    public static String whitelist(long volgnummer, String... hosts) {
        StringBuilder sb = new StringBuilder(header(ListKind.WHITELIST, volgnummer)).append("    <MedMijNodes>\n");
        for (String h : hosts) {
            sb.append("        <MedMijNode><Hostname>").append(h).append("</Hostname></MedMijNode>\n");
        }
        return sb.append("    </MedMijNodes>\n</Whitelist>\n").toString();
    }

    public static String ocl(long volgnummer, String host, String organisation) {
        return header(ListKind.OCL, volgnummer) + "    <OAuthclients>\n        <OAuthclient><Hostname>" + host
                + "</Hostname><OAuthclientOrganisatienaam>" + organisation + "</OAuthclientOrganisatienaam></OAuthclient>\n"
                + "    </OAuthclients>\n</OAuthclientlist>\n";
    }

    public static String gnl(long volgnummer) {
        return header(ListKind.GNL, volgnummer) + "    <Gegevensdiensten>\n"
                + "        <Gegevensdienst><GegevensdienstId>48</GegevensdienstId><Weergavenaam>Basisgegevens zorg</Weergavenaam></Gegevensdienst>\n"
                + "    </Gegevensdiensten>\n</Gegevensdienstnamenlijst>\n";
    }
}
