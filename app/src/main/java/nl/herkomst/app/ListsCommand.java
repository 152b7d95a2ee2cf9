package nl.herkomst.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.herkomst.command.lists.ListDocument;
import nl.herkomst.command.lists.ListReader;

/**
 * {@code lists validate [--development-hosts] <file>}: the verdict the fetcher would give a downloaded list
 * (the same {@link ListReader}), without starting the application. Prints the list kind, release, Volgnummer,
 * Tijdstempel and counts, or the reasons; exits 0 when the document would be accepted, 2 when rejected,
 * 64 on wrong arguments and 66 when the file cannot be read. At most 32 MB are read, the fetcher's default
 * cap. {@code --development-hosts} allows what the default run's setting of that name allows (a port on a
 * {@code *.localhost} authorization endpoint, as in the sandbox's list). The rules that need the accepted version (a higher Volgnummer, no empty Whitelist over a
 * non-empty one) are not checked here: there is no accepted version.
 */
public final class ListsCommand {

    private static final String USAGE = "usage: lists validate [--development-hosts] <file>";
    static final int USAGE_ERROR = 64;
    static final int CANNOT_READ = 66;
    static final long MAX_BYTES = 32L * 1024 * 1024;

    private ListsCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[0].equals("validate")) {
            err.println(USAGE);
            return USAGE_ERROR;
        }
        boolean development = false;
        Path file = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--development-hosts")) {
                development = true;
            } else if (file == null && !args[i].startsWith("--")) {
                file = Path.of(args[i]);
            } else {
                err.println(USAGE);
                return USAGE_ERROR;
            }
        }
        if (file == null) {
            err.println(USAGE);
            return USAGE_ERROR;
        }
        byte[] bytes;
        if (!Files.isRegularFile(file) && !Files.isReadable(file) || Files.isDirectory(file)) {
            err.println("cannot read " + file + ": not a readable file");
            return CANNOT_READ;
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return CANNOT_READ;
        }
        if (bytes.length > MAX_BYTES) {
            out.println("rejected: TOO_LARGE");
            out.println("  larger than " + MAX_BYTES + " bytes, the fetcher's cap");
            return 2;
        }
        try {
            ListDocument d = new ListReader(development).read(bytes);
            out.println("accepted: " + d.kind().root() + " (" + d.kind().key() + "), release " + d.release());
            out.println("  Volgnummer  " + d.volgnummer());
            out.println("  Tijdstempel " + d.tijdstempel());
            out.println("  SHA-256     " + d.sha256() + " (" + d.size() + " bytes)");
            d.counts().forEach((k, v) -> out.println("  " + k + " " + v));
            return 0;
        } catch (ListReader.Rejected e) {
            out.println("rejected: " + e.code());
            e.reasons().forEach(r -> out.println("  " + r));
            return 2;
        }
    }
}
