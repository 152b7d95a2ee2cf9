package nl.herkomst.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every back-channel connection goes through the one outbound client ({@code nl.herkomst.command.http.ProviderHttp}),
 * which asks the Whitelist before any socket is opened: no other code of the backend may open an HTTP
 * connection or a socket, or build an HTTP client. Not in scope: the sandbox (a stand-in for providers,
 * not part of the backend) and the qualification dry run's browser and API client in
 * {@code nl.herkomst.app.qualification} (they play the person's browser and the front end, on the front
 * channel, against this backend and the sandbox).
 */
class OutboundHttpArchitectureTest {

    static JavaClasses backend;

    @BeforeAll
    static void importBackend() {
        backend = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/herkomst-sandbox") && !location.contains("/sandbox/target/")
                        && !location.contains("-tests.jar"))
                .importPackages("nl.herkomst");
    }

    static final String[] OUTSIDE = {"nl.herkomst.command.http..", "nl.herkomst.app.qualification..", "nl.herkomst.sandbox.."};

    @Test
    void theBackendImportsItsOwnClasses() {
        org.assertj.core.api.Assertions.assertThat(backend.contain("nl.herkomst.command.http.ProviderHttp")).isTrue();
        org.assertj.core.api.Assertions.assertThat(backend.contain("nl.herkomst.command.fhir.FhirFetcher")).isTrue();
        org.assertj.core.api.Assertions.assertThat(backend.contain("nl.herkomst.query.web.CollectionController")).isTrue();
    }

    @Test
    void noOtherCodeUsesAnHttpClientOrASocket() {
        clientRule(OUTSIDE).check(backend);
    }

    @Test
    void theRulesBite() {
        // without the outbound client's own package in the exceptions, both rules name it
        String[] withoutHttp = {"nl.herkomst.app.qualification..", "nl.herkomst.sandbox.."};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> clientRule(withoutHttp).check(backend))
                .hasMessageContaining("nl.herkomst.command.http.ProviderHttp");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> callRule(withoutHttp).check(backend))
                .hasMessageContaining("nl.herkomst.command.http.ProviderHttp");
    }

    static ArchRule clientRule(String[] outside) {
        return noClasses().that().resideOutsideOfPackages(outside)
                .should().dependOnClassesThat().haveFullyQualifiedName("java.net.http.HttpClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.SocketChannel")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("javax.net.ssl.SSLSocketFactory")
                .orShould().dependOnClassesThat().resideInAPackage("org.apache.hc.client5.http.impl..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.web.client.RestTemplate")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("ClientHttpRequestFactory")
                .orShould().dependOnClassesThat().resideInAPackage("org.springframework.web.reactive.function.client..")
                .orShould().dependOnClassesThat().resideInAPackage("ca.uhn.fhir.rest.client..")
                .because("every back-channel connection must pass the Whitelist check of ProviderHttp");
    }

    @Test
    void noOtherCodeOpensAUrlOrBuildsARestClient() {
        callRule(OUTSIDE).check(backend);
    }

    static ArchRule callRule(String[] outside) {
        return noClasses().that().resideOutsideOfPackages(outside)
                .should().callMethod(java.net.URL.class, "openConnection")
                .orShould().callMethod(java.net.URL.class, "openStream")
                .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                com.tngtech.archunit.base.DescribedPredicate.describe("RestClient or its builder",
                                        c -> c.getFullName().startsWith("org.springframework.web.client.RestClient")))).and(
                        com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                                com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching("create|builder|requestFactory"))))
                .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching("newRestfulGenericClient|newRestfulClient")))
                .because("every back-channel connection must pass the Whitelist check of ProviderHttp");
    }
}
