package nl.herkomst.command.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

class GegevensdienstCatalogTest {

    static GegevensdienstCatalog shipped() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        new YamlPropertySourceLoader().load("catalog", new ClassPathResource("herkomst-gegevensdiensten.yml"))
                .forEach(env.getPropertySources()::addLast);
        return Binder.get(env).bind("herkomst", GegevensdienstCatalog.class).get();
    }

    @Test
    void theShippedCatalogIsValidAndOnlyQualifiedVersionsAreUsable() throws Exception {
        GegevensdienstCatalog catalog = shipped();
        assertThat(catalog.gegevensdiensten()).containsKeys("48", "51", "52", "vaccinatie-immunisatie", "medicatieproces-9", "49", "61", "50", "46",
                "47", "54", "59", "35");
        assertThat(catalog.find("48").get().queries()).hasSize(28);
        assertThat(catalog.isQualified("48", catalog.find("48").get())).isTrue();
        assertThat(catalog.isQualified("61", catalog.find("61").get())).isFalse();
        catalog.gegevensdiensten().values().forEach(g -> g.queries().forEach(q -> assertThat(q).doesNotContain("patient=", "subject=")));
    }

    @Test
    void aQueryThatNamesThePatientIsRefused() {
        assertThatThrownBy(() -> new GegevensdienstCatalog(Map.of("1", new GegevensdienstCatalog.Gegevensdienst("x", "1", "r", "STU3",
                List.of("Observation?patient=123"), List.of())), List.of())).hasMessageContaining("never name a patient");
        assertThatThrownBy(() -> new GegevensdienstCatalog(Map.of(), List.of("48"))).hasMessageContaining("<gegevensdienst>@<version>");
    }
}
