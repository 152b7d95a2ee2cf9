package nl.herkomst.app;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.herkomst.sandbox.SandboxApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
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
    private final ConfigurableApplicationContext sandbox;

    public SandboxLauncher(Environment env) {
        Map<String, Object> settings = new LinkedHashMap<>();
        Binder.get(env).bind("herkomst.sandbox", Bindable.mapOf(String.class, Object.class))
                .ifBound(m -> flatten("herkomst.sandbox", m, settings));
        long start = System.nanoTime();
        sandbox = SandboxApplication.start(settings);
        log.info("Sandbox provider {} up at https://localhost:{} in {} ms", SandboxApplication.PROVIDER,
                sandbox.getEnvironment().getProperty("local.server.port"), (System.nanoTime() - start) / 1_000_000);
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> out) {
        map.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                flatten(prefix + "." + k, (Map<String, Object>) nested, out);
            } else {
                out.put(prefix + "." + k, v);
            }
        });
    }

    public ConfigurableApplicationContext context() {
        return sandbox;
    }

    @Override
    public void destroy() {
        sandbox.close();
    }
}
