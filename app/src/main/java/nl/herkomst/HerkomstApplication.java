package nl.herkomst;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nl.herkomst.app.qualification.QualificationDryRun;
import nl.herkomst.app.qualification.QualificationDryRuns;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The Herkomst backend. It lives in the root package so that the command and query modules are scanned;
 * the sandbox provider is a separate application and is kept out of this context.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"
})
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "nl\\.herkomst\\.sandbox\\..*")
})
public class HerkomstApplication {

    public static void main(String[] args) throws Exception {
        System.setProperty("disable-axoniq-console-message", "true");
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length >= 2 && args[0].equals("qualification") && args[1].equals("dry-run")) {
            System.exit(dryRun(Arrays.copyOfRange(args, 2, args.length)));
        }
        SpringApplication.run(HerkomstApplication.class, args);
    }

    /**
     * {@code qualification dry-run [--herkomst.sandbox.fixtures=<nictiz folder>] [--herkomst.qualification.report-dir=<dir>]}:
     * replays the developer set's collect-side TestScripts against a fresh backend and sandbox; exit 0 when
     * every script of a qualified gegevensdienst passes, 1 otherwise.
     */
    static int dryRun(String[] args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--herkomst.sandbox.enabled=true", "--herkomst.embedded-postgres.data-dir="));
        if (Arrays.stream(args).noneMatch(a -> a.startsWith("--herkomst.sandbox.fixtures="))) {
            all.add("--herkomst.sandbox.fixtures=../shared/fixtures/nictiz");
        }
        all.addAll(List.of(args));
        try (ConfigurableApplicationContext ctx = SpringApplication.run(HerkomstApplication.class, all.toArray(String[]::new))) {
            Path nictiz = Path.of(ctx.getEnvironment().getProperty("herkomst.sandbox.fixtures"));
            QualificationDryRun.Report report = ctx.getBean(QualificationDryRuns.class).create().run(QualificationDryRuns.developerSet(nictiz));
            Path dir = Path.of(ctx.getEnvironment().getProperty("herkomst.qualification.report-dir", "target/qualification"));
            System.out.println(QualificationDryRun.write(report, dir));
            System.out.println("report: " + dir.toAbsolutePath().resolve("dry-run.json"));
            return report.success() ? 0 : 1;
        }
    }
}
