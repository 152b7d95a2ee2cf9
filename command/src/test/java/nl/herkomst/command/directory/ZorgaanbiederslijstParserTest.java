package nl.herkomst.command.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ZorgaanbiederslijstParserTest {

    static final String ZAL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Zorgaanbiederslijst xmlns="xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/">
              <Tijdstempel>2026-12-03T10:00:00Z</Tijdstempel>
              <Volgnummer>7</Volgnummer>
              <Zorgaanbieders>
                <Zorgaanbieder>
                  <Zorgaanbiedernaam>umcvoorbeeld@medmij</Zorgaanbiedernaam>
                  <Gegevensdiensten>
                    <Gegevensdienst>
                      <GegevensdienstId>48</GegevensdienstId>
                      <AuthorizationEndpoint><AuthorizationEndpointuri>https://as.example/authorize</AuthorizationEndpointuri></AuthorizationEndpoint>
                      <TokenEndpoint><TokenEndpointuri>https://as.example:8099/token</TokenEndpointuri></TokenEndpoint>
                      <Systeemrollen><Systeemrol><Systeemrolcode>MM-3.0.0-BZB-FHIR</Systeemrolcode>
                        <ResourceEndpoint><ResourceEndpointuri>https://rs.example/fhir</ResourceEndpointuri></ResourceEndpoint>
                      </Systeemrol></Systeemrollen>
                    </Gegevensdienst>
                  </Gegevensdiensten>
                </Zorgaanbieder>
              </Zorgaanbieders>
            </Zorgaanbiederslijst>
            """;

    final ZorgaanbiederslijstParser parser = new ZorgaanbiederslijstParser();

    @Test
    void readsProvidersServicesAndSysteemrollen() {
        var zal = parser.parse(ZAL.getBytes(StandardCharsets.UTF_8));
        assertThat(zal.volgnummer()).isEqualTo("7");
        var service = zal.providers().get("umcvoorbeeld@medmij").gegevensdiensten().get("48");
        assertThat(service.authorizationEndpoint()).isEqualTo("https://as.example/authorize");
        assertThat(service.tokenEndpoint()).isEqualTo("https://as.example:8099/token");
        assertThat(service.resourceEndpoints()).containsEntry("MM-3.0.0-BZB-FHIR", "https://rs.example/fhir");
    }

    @Test
    void refusesADoctype() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + ZAL.substring(ZAL.indexOf("<Zorgaanbiederslijst")).replace("<Volgnummer>7", "<Volgnummer>&e;7");
        assertThatThrownBy(() -> parser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void refusesAnotherListOrABadVolgnummer() {
        assertThatThrownBy(() -> parser.parse("<Whitelist xmlns=\"xmlns://afsprakenstelsel.medmij.nl/whitelist/release2/\"/>".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.parse(ZAL.replace("<Volgnummer>7", "<Volgnummer>-7").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Volgnummer");
        assertThatThrownBy(() -> parser.parse("not xml".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesDuplicateProviderNames() {
        String dup = ZAL.replace("</Zorgaanbieders>", ZAL.substring(ZAL.indexOf("<Zorgaanbieder>"), ZAL.indexOf("</Zorgaanbieders>")) + "</Zorgaanbieders>");
        assertThatThrownBy(() -> parser.parse(dup.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not unique");
    }
}
