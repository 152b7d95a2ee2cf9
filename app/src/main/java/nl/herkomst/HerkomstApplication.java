package nl.herkomst;

import java.nio.file.Path;
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
        if (args.length >= 1 && args[0].equals("dry-run")) {
            System.exit(dryRun(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length >= 2 && args[0].equals("audit") && args[1].equals("verify")) {
            System.exit(verify(Arrays.copyOfRange(args, 2, args.length)));
        }
        if (args.length >= 1 && args[0].equals("lists")) {
            System.exit(nl.herkomst.app.ListsCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(HerkomstApplication.class, args);
    }

    /**
     * {@code audit verify [spring settings]}: verifies the whole event store (the data of the configured
     * profile; with the embedded default, stop the running application first) and prints the report as
     * JSON on standard output; exit 0 when every link holds, 1 at the first broken one, 3 when the store
     * cannot be opened (the embedded database is locked by a running application, say).
     */
    static int verify(String[] settings) {
        java.util.List<String> spring = new java.util.ArrayList<>(List.of("--spring.main.web-application-type=none",
                "--herkomst.sandbox.enabled=false", "--herkomst.lists.enabled=false", "--herkomst.audit.checkpoint-interval=1000d"));
        // without a web server the default profile of application.yml was not applied in this run: name it
        if (System.getenv("SPRING_PROFILES_ACTIVE") == null && Arrays.stream(settings).noneMatch(a -> a.startsWith("--spring.profiles.active"))) {
            spring.add("--spring.profiles.active=embedded");
        }
        // only the report on standard output; warnings and errors of the start on standard error
        spring.add("--logging.threshold.console=OFF");
        spring.addAll(Arrays.asList(settings));
        ConfigurableApplicationContext ctx;
        try {
            ctx = SpringApplication.run(HerkomstApplication.class, spring.toArray(String[]::new));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.err.println("audit verify: the store could not be opened (still in use by a running application?): " + root.getMessage());
            return 3;
        }
        try (ctx) {
            nl.herkomst.app.audit.EventStoreVerifier.Report report = ctx.getBean(nl.herkomst.app.audit.EventStoreVerifier.class).verify();
            System.out.println(tools.jackson.databind.json.JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            return report.ok() ? 0 : 1;
        }
    }

    /**
     * {@code dry-run --testscripts=<folder> --fixtures=<folder> --report=<file.json>}: replays every TestScript
     * below the folder against a fresh backend and sandbox (serving the fixtures, on free ports, with a
     * throw-away database); exit 0 only if every script passed, 1 if not, 2 on wrong arguments.
     */
    static int dryRun(String[] args) throws Exception {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                System.err.println("usage: dry-run --testscripts=<folder> --fixtures=<folder> --report=<file.json>");
                return 2;
            }
            options.put(a.substring(2, eq), a.substring(eq + 1));
        }
        for (String required : List.of("testscripts", "fixtures", "report")) {
            if (!options.containsKey(required)) {
                System.err.println("dry-run: --" + required + "=... is required (usage: dry-run --testscripts=<folder> --fixtures=<folder> --report=<file.json>)");
                return 2;
            }
        }
        Path testscripts = Path.of(options.get("testscripts"));
        if (!java.nio.file.Files.isDirectory(testscripts) || !java.nio.file.Files.isDirectory(Path.of(options.get("fixtures")))) {
            System.err.println("dry-run: --testscripts and --fixtures must be folders");
            return 2;
        }
        int backend;
        int sandbox;
        try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b = new java.net.ServerSocket(0)) {
            backend = a.getLocalPort();
            sandbox = b.getLocalPort();
        }
        Path tls = java.nio.file.Files.createTempDirectory("herkomst-dry-run-tls");
        String[] spring = {"--herkomst.sandbox.enabled=true", "--herkomst.embedded-postgres.data-dir=", "--server.port=" + backend,
                "--herkomst.sandbox.port=" + sandbox, "--herkomst.sandbox.tls-dir=" + tls, "--herkomst.sandbox.fixtures=" + options.get("fixtures")};
        try (ConfigurableApplicationContext ctx = SpringApplication.run(HerkomstApplication.class, spring)) {
            QualificationDryRuns runs = ctx.getBean(QualificationDryRuns.class);
            QualificationDryRun.Report report = runs.create().run(testscripts, runs.rules());
            Path json = Path.of(options.get("report"));
            System.out.println(QualificationDryRun.write(report, json));
            System.out.println("report: " + json.toAbsolutePath());
            return report.success() ? 0 : 1;
        }
    }
}
