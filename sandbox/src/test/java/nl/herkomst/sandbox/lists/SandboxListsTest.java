package nl.herkomst.sandbox.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's lists keep their Volgnummer until their content changes, and can be replaced by a file or by a test. */
class SandboxListsTest {

    @TempDir
    Path dir;

    SandboxLists lists(String baseUrl, Map<String, Path> files) {
        return new SandboxLists(dir, baseUrl, "sandbox.localhost", "sandbox@medmij",
                List.of(new SandboxLists.Service("48", "Basisgegevensset Zorg", "MM-3.0.0-BZB-FHIR", "/fhir/stu3")),
                Map.of("herkomst.localhost", "Herkomst demo PGO"), files);
    }

    static String body(SandboxLists lists, String file) {
        return new String(lists.serve(file).orElseThrow().body(), StandardCharsets.UTF_8);
    }

    @Test
    void aRestartWithTheSameContentServesTheSameBytesAndAChangeGetsTheNextVolgnummer() {
        String first = body(lists("https://sandbox.localhost:8443", Map.of()), "MedMij_Zorgaanbiederslijst.xml");
        assertThat(first).contains("<Volgnummer>1</Volgnummer>", "https://sandbox.localhost:8443/oauth2/token");
        assertThat(body(lists("https://sandbox.localhost:8443", Map.of()), "MedMij_Zorgaanbiederslijst.xml")).isEqualTo(first);
        SandboxLists moved = lists("https://sandbox.localhost:9443", Map.of());
        assertThat(body(moved, "MedMij_Zorgaanbiederslijst.xml")).contains("<Volgnummer>2</Volgnummer>", ":9443/");
        assertThat(body(moved, "MedMij_Whitelist.xml")).as("unchanged lists keep theirs").contains("<Volgnummer>1</Volgnummer>",
                "<Hostname>sandbox.localhost</Hostname>");
        assertThat(moved.serve("MedMij_Other.xml")).isEmpty();
    }

    @Test
    void aConfiguredFileOrAPublishedDocumentIsServedInstead() throws Exception {
        Path file = dir.resolve("ocl.xml");
        Files.writeString(file, "<not-a-list/>");
        SandboxLists lists = lists("https://sandbox.localhost:8443", Map.of("ocl", file));
        assertThat(body(lists, "MedMij_OAuthclientlist.xml")).isEqualTo("<not-a-list/>");
        lists.publish("zal", 503, "text/html", "down".getBytes(StandardCharsets.UTF_8));
        SandboxLists.Served served = lists.serve("MedMij_Zorgaanbiederslijst.xml").orElseThrow();
        assertThat(served.status()).isEqualTo(503);
        assertThat(served.contentType()).isEqualTo("text/html");
        assertThat(lists.state()).containsEntry("zal", "published").containsEntry("gnl", "generated");
        lists.reset();
        assertThat(body(lists, "MedMij_Zorgaanbiederslijst.xml")).contains("<Zorgaanbiederslijst");
        assertThatThrownBy(() -> lists.publish("cil", 200, "application/xml", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lists("https://x", Map.of("zal", dir.resolve("absent.xml")))).hasMessageContaining("cannot read");
    }
}
