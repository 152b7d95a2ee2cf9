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
 * Tijdstempel and counts, or the reasons; exits 0 when the document would be accepted, 2 when rejected or on
 * wrong arguments. The rules that need the accepted version (a higher Volgnummer, no empty Whitelist over a
 * non-empty one) are not checked here: there is no accepted version.
 */
public final class ListsCommand {

    private static final String USAGE = "usage: lists validate [--development-hosts] <file>";

    private ListsCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[0].equals("validate")) {
            err.println(USAGE);
            return 2;
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
                return 2;
            }
        }
        if (file == null) {
            err.println(USAGE);
            return 2;
        }
        byte[] bytes;
        try {
            if (Files.size(file) > 64L * 1024 * 1024) {
                err.println("rejected: " + file + " is larger than 64 MB");
                return 2;
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
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
