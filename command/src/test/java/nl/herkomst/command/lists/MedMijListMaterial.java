package nl.herkomst.command.lists;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MedMij's list schemas and examples, read in place from {@code ../shared/fixtures/medmij-lists} (never
 * copied into the repository). Missing material fails the test when CI=true and skips it otherwise.
 */
final class MedMijListMaterial {

    private MedMijListMaterial() {
    }

    static Path require() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("fixtures").resolve("medmij-lists");
            if (Files.isDirectory(candidate.resolve("xsd"))) {
                return candidate.normalize();
            }
        }
        String message = "MedMij list fixtures not found at ../shared/fixtures/medmij-lists beside the checkout";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (required when CI=true)");
        }
        assumeTrue(false, message + ": skipping");
        throw new IllegalStateException();
    }
}
