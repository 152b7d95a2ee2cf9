package nl.herkomst.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lists validate <file>}: the fetcher's verdict for a file, exit 0 when accepted, 2 when rejected. */
class ListsCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ListsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static final String WHITELIST = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Whitelist xmlns="xmlns://afsprakenstelsel.medmij.nl/whitelist/release2/">
                <Tijdstempel>2026-12-01T10:15:00+01:00</Tijdstempel>
                <Volgnummer>42</Volgnummer>
                <MedMijNodes>
                    <MedMijNode><Hostname>fhir.umcnoord.example.nl</Hostname></MedMijNode>
                    <MedMijNode><Hostname>pgo.example.nl</Hostname></MedMijNode>
                </MedMijNodes>
            </Whitelist>
            """;

    Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void anAcceptableListPrintsWhatItSaysAndExitsZero() throws Exception {
        Run r = run("validate", file("wl.xml", WHITELIST).toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("accepted: Whitelist (whitelist), release 1.1", "Volgnummer  42", "Tijdstempel 2026-12-01T10:15:00+01:00",
                "medmijnodes 2", "SHA-256");
    }

    @Test
    void aRejectedListPrintsItsReasonsAndExitsTwo() throws Exception {
        Run upper = run("validate", file("upper.xml", WHITELIST.replace("pgo.example.nl", "PGO.example.nl")).toString());
        assertThat(upper.exit()).isEqualTo(2);
        assertThat(upper.out()).contains("rejected: VALUE", "Hostname 'PGO.example.nl' does not match the Hostname pattern", "line 7");
        Run doctype = run("validate", file("xxe.xml", WHITELIST.replace("<Whitelist ",
                "<!DOCTYPE Whitelist [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<Whitelist ")).toString());
        assertThat(doctype.exit()).isEqualTo(2);
        assertThat(doctype.out()).contains("rejected: DOCTYPE").doesNotContain("root:");
        Run other = run("validate", file("other.xml", "<html><body>Service unavailable</body></html>").toString());
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.out()).contains("rejected: UNKNOWN_LIST");
    }

    @Test
    void aPortOnALocalhostAuthorizationEndpointNeedsTheDevelopmentFlag() throws Exception {
        Path zal = file("zal.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Zorgaanbiederslijst xmlns="xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/">
                    <Tijdstempel>2026-12-01T10:15:00Z</Tijdstempel>
                    <Volgnummer>3</Volgnummer>
                    <Zorgaanbieders><Zorgaanbieder><Zorgaanbiedernaam>sandbox@medmij</Zorgaanbiedernaam><Gegevensdiensten><Gegevensdienst>
                        <GegevensdienstId>48</GegevensdienstId>
                        <AuthorizationEndpoint><AuthorizationEndpointuri>https://sandbox.localhost:8443/oauth2/authorize</AuthorizationEndpointuri></AuthorizationEndpoint>
                        <TokenEndpoint><TokenEndpointuri>https://sandbox.localhost:8443/oauth2/token</TokenEndpointuri></TokenEndpoint>
                        <Systeemrollen><Systeemrol><Systeemrolcode>MM-3.0.0-BZB-FHIR</Systeemrolcode><ResourceEndpoint>
                        <ResourceEndpointuri>https://sandbox.localhost:8443/fhir/stu3</ResourceEndpointuri></ResourceEndpoint></Systeemrol></Systeemrollen>
                    </Gegevensdienst></Gegevensdiensten></Zorgaanbieder></Zorgaanbieders>
                </Zorgaanbiederslijst>
                """);
        assertThat(run("validate", zal.toString()).exit()).isEqualTo(2);
        Run dev = run("validate", "--development-hosts", zal.toString());
        assertThat(dev.exit()).isZero();
        assertThat(dev.out()).contains("accepted: Zorgaanbiederslijst (zal)", "zorgaanbieders 1", "gegevensdiensten 1");
        Path elsewhere = file("zal2.xml", Files.readString(zal).replace("sandbox.localhost:8443/oauth2/authorize", "as.example.nl:8443/oauth2/authorize"));
        assertThat(run("validate", "--development-hosts", elsewhere.toString()).exit()).as("only *.localhost may carry a port").isEqualTo(2);
    }

    @Test
    void wrongArgumentsAndUnreadableFilesExitWithTheirOwnCodes() throws Exception {
        assertThat(run().exit()).isEqualTo(64);
        assertThat(run("check", "x").err()).contains("usage: lists validate");
        assertThat(run("validate", "--nonsense", "x").exit()).isEqualTo(64);
        Run missing = run("validate", dir.resolve("absent.xml").toString());
        assertThat(missing.exit()).isEqualTo(66);
        assertThat(missing.err()).contains("cannot read");
        assertThat(run("validate", dir.toString()).exit()).isEqualTo(66);
        // an endless input is read up to the cap, then rejected
        if (Files.exists(Path.of("/dev/zero"))) {
            Run zero = run("validate", "/dev/zero");
            assertThat(zero.exit()).isEqualTo(2);
            assertThat(zero.out()).contains("rejected: TOO_LARGE");
        }
    }
}
