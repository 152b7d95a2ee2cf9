package nl.herkomst.sandbox.qualification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the qualification material in {@code ../shared/fixtures} beside the checkout (read in place, never
 * copied into the repository), from the working directory or one of its parents.
 */
public final class SharedFixtures {

    private SharedFixtures() {
    }

    public static Optional<Path> nictiz() {
        return find("nictiz");
    }

    private static Optional<Path> find(String name) {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("fixtures").resolve(name);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /** The BgZ 3.x Test PHR-Client TestScripts. */
    public static Path bgzTestScripts(Path nictiz) {
        return nictiz.resolve("Nictiz-testscripts/output/STU3/BgZ-3-0/MedMij/Test/PHR-Client");
    }
}
