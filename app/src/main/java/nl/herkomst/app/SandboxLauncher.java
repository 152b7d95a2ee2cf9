package nl.herkomst.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.herkomst.sandbox.SandboxApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Starts the sandbox provider beside the backend when {@code herkomst.sandbox.enabled} is true (the
 * default run), in its own application context on its own HTTPS port, and stops it with the backend.
 */
@Component
@ConditionalOnProperty(name = "herkomst.sandbox.enabled", havingValue = "true")
public class SandboxLauncher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxLauncher.class);
    /** The sandbox's settings, passed on from this application's configuration (environment variables included). */
    static final List<String> SETTINGS = List.of("port", "host", "fixtures", "tls-dir", "client-id", "redirect-uris", "test-date",
            "qualification-tokens", "failures", "systeemrol.48", "systeemrol.51", "systeemrol.52", "systeemrol.immunization", "systeemrol.medication",
            "lists.zal-file", "lists.ocl-file", "lists.gnl-file", "lists.whitelist-file");
    private final ConfigurableApplicationContext sandbox;

    public SandboxLauncher(Environment env) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : SETTINGS) {
            String value = env.getProperty("herkomst.sandbox." + key);
            if (value != null) {
                settings.put("herkomst.sandbox." + key, value);
            }
        }
        long start = System.nanoTime();
        sandbox = SandboxApplication.start(settings);
        log.info("Sandbox provider {} up at https://{}:{} in {} ms", SandboxApplication.PROVIDER,
                sandbox.getEnvironment().getProperty("herkomst.sandbox.host"), sandbox.getEnvironment().getProperty("local.server.port"),
                (System.nanoTime() - start) / 1_000_000);
    }

    public ConfigurableApplicationContext context() {
        return sandbox;
    }

    @Override
    public void destroy() {
        sandbox.close();
    }
}
