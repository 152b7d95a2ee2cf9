package nl.herkomst.app.qualification;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import nl.herkomst.app.SandboxLauncher;
import nl.herkomst.command.collection.GegevensdienstCatalog;
import nl.herkomst.command.fhir.FhirFetcher;
import nl.herkomst.sandbox.SandboxUsers;
import nl.herkomst.sandbox.fhir.RequestLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Makes dry runs against the running backend and its sandbox, over the collect-side TestScripts of the
 * developer set in {@code ../shared/fixtures/nictiz}, each folder with the gegevensdienst version it
 * qualifies.
 */
@Component
public class QualificationDryRuns {

    private static final String MP9 = "medicatieproces-9@3.0.0-rc.2";

    private final Environment env;
    private final ObjectProvider<SandboxLauncher> sandbox;
    private final GegevensdienstCatalog catalog;
    private final FhirFetcher fetcher;

    public QualificationDryRuns(Environment env, ObjectProvider<SandboxLauncher> sandbox, GegevensdienstCatalog catalog, FhirFetcher fetcher) {
        this.env = env;
        this.sandbox = sandbox;
        this.catalog = catalog;
        this.fetcher = fetcher;
    }

    /** The collect-side (PHR-Client / Retrieving-PHR / Retrieving-MGR) TestScript folders of the developer set. */
    public static List<QualificationDryRun.ScriptFolder> developerSet(Path nictiz) {
        Path stu3 = nictiz.resolve("Nictiz-testscripts/output/STU3");
        Path r4 = nictiz.resolve("Nictiz-testscripts/output/R4");
        return List.of(
                new QualificationDryRun.ScriptFolder(stu3.resolve("BgZ-3-0/MedMij/Test/PHR-Client"), "medmij-bgz-test-phr-", "48@3.0"),
                new QualificationDryRun.ScriptFolder(stu3.resolve("SelfMeasurements-2-0/MedMij/Test/Retrieving-PHR"),
                        "selfmeasurements-phr-retrieve-", "52@2.0"),
                new QualificationDryRun.ScriptFolder(stu3.resolve("PDFA-3-0/MedMij/Test/PHR-Client"), "medmij-pdfa-phr-1-", "51@3.0"),
                new QualificationDryRun.ScriptFolder(r4.resolve("Immunization-2-0/MedMij/Test/PHR-Client"), "imm-retrieve-", "vaccinatie-immunisatie@2.0"),
                new QualificationDryRun.ScriptFolder(r4.resolve("MP9-3-0-0-beta/MedMij/Test/Step-3/MA/Retrieving-MGR-MA-MedMij"), "mp9-", MP9),
                new QualificationDryRun.ScriptFolder(r4.resolve("MP9-3-0-0-beta/MedMij/Test/Step-3/VV/Retrieving-MGR-VV-MedMij"), "mp9-", MP9),
                new QualificationDryRun.ScriptFolder(r4.resolve("MP9-3-0-0-beta/MedMij/Test/Step-3/WDS/Retrieving-MGR-WDS-MedMij"), "mp9-", MP9),
                new QualificationDryRun.ScriptFolder(r4.resolve("MP9-3-0-0-beta/MedMij/Test/Step-4/MGB/Retrieving-MGR-MGB-MedMij"), "mp9-", MP9),
                new QualificationDryRun.ScriptFolder(r4.resolve("MP9-3-0-0-beta/MedMij/Test/Step-5/MVE/Retrieving-MGR-MVE-MedMij"), "mp9-", MP9),
                new QualificationDryRun.ScriptFolder(r4.resolve("MP9-3-0-0-beta/MedMij/Test/Step-5/TA/Retrieving-MGR-TA-MedMij"), "mp9-", MP9),
                new QualificationDryRun.ScriptFolder(r4.resolve("MP9-3-0-0-beta/MedMij/Test/Step-6/MTD/Retrieving-MGR-MTD-MedMij"), "mp9-", MP9));
    }

    public QualificationDryRun create() throws Exception {
        SandboxLauncher launcher = sandbox.getIfAvailable();
        if (launcher == null) {
            throw new IllegalStateException("the dry run needs the sandbox (herkomst.sandbox.enabled=true) with the Nictiz fixtures");
        }
        var ctx = launcher.context();
        String sandboxBase = "https://localhost:" + ctx.getEnvironment().getProperty("local.server.port");
        String testDate = ctx.getEnvironment().getProperty("herkomst.sandbox.test-date", "");
        return new QualificationDryRun("http://127.0.0.1:" + env.getProperty("local.server.port"), sandboxBase,
                new SandboxLogin(Path.of(env.getProperty("herkomst.sandbox.tls-dir", "data/sandbox-tls"), "ca.pem")),
                ctx.getBean(RequestLog.class), ctx.getBean(SandboxUsers.class), catalog, fetcher,
                testDate.isBlank() ? LocalDate.now() : LocalDate.parse(testDate));
    }
}
