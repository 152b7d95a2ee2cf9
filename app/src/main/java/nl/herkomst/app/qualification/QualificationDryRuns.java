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
 * Makes dry runs against the running backend and its sandbox; which TestScripts qualify which
 * gegevensdienst version is configuration ({@code herkomst.qualification.scripts}).
 */
@Component
public class QualificationDryRuns {


    private final Environment env;
    private final ObjectProvider<SandboxLauncher> sandbox;
    private final GegevensdienstCatalog catalog;
    private final FhirFetcher fetcher;
    private final nl.herkomst.command.share.ShareCatalog shares;
    private final nl.herkomst.command.share.BundleValidation validation;

    public QualificationDryRuns(Environment env, ObjectProvider<SandboxLauncher> sandbox, GegevensdienstCatalog catalog, FhirFetcher fetcher,
                                nl.herkomst.command.share.ShareCatalog shares, nl.herkomst.command.share.BundleValidation validation) {
        this.shares = shares;
        this.validation = validation;
        this.env = env;
        this.sandbox = sandbox;
        this.catalog = catalog;
        this.fetcher = fetcher;
    }

    /** The rules of {@code herkomst.qualification.scripts}: which TestScripts qualify which gegevensdienst version. */
    public List<QualificationDryRun.Rule> rules() {
        List<QualificationDryRun.Rule> rules = new java.util.ArrayList<>();
        for (int i = 0; env.containsProperty("herkomst.qualification.scripts[" + i + "].match"); i++) {
            rules.add(new QualificationDryRun.Rule(java.util.regex.Pattern.compile(env.getProperty("herkomst.qualification.scripts[" + i + "].match")),
                    env.getProperty("herkomst.qualification.scripts[" + i + "].qualifies")));
        }
        return rules;
    }

    public QualificationDryRun create() throws Exception {
        SandboxLauncher launcher = sandbox.getIfAvailable();
        if (launcher == null) {
            throw new IllegalStateException("the dry run needs the sandbox (herkomst.sandbox.enabled=true) with the Nictiz fixtures");
        }
        var ctx = launcher.context();
        String sandboxBase = "https://" + ctx.getEnvironment().getProperty("herkomst.sandbox.host", "sandbox.localhost") + ":"
                + ctx.getEnvironment().getProperty("local.server.port");
        String testDate = ctx.getEnvironment().getProperty("herkomst.sandbox.test-date", "");
        return new QualificationDryRun("http://127.0.0.1:" + env.getProperty("local.server.port"), sandboxBase,
                new SandboxLogin(Path.of(env.getProperty("herkomst.sandbox.tls-dir", "data/sandbox-tls"), "ca.pem")),
                ctx.getBean(RequestLog.class), ctx.getBean(SandboxUsers.class), catalog, fetcher,
                testDate.isBlank() ? LocalDate.now() : LocalDate.parse(testDate), shares, validation);
    }
}
