package nl.herkomst.sandbox;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import nl.herkomst.sandbox.qualification.SharedFixtures;

/**
 * The Nictiz qualification material for tests: read from ../shared in place. Missing material fails the
 * test when CI=true and skips it with a clear message otherwise.
 */
public final class NictizMaterial {

    private NictizMaterial() {
    }

    public static Path require() {
        Optional<Path> nictiz = SharedFixtures.nictiz();
        if (nictiz.isEmpty()) {
            String message = "Nictiz qualification fixtures not found at ../shared/fixtures/nictiz beside the checkout";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (required when CI=true)");
            }
            assumeTrue(false, message + ": skipping");
        }
        return nictiz.get();
    }
}
