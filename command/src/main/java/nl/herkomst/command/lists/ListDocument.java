package nl.herkomst.command.lists;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;
import nl.herkomst.command.directory.ProviderDirectory;

/**
 * A list document that meets the rules of its release, with what it says.
 *
 * @param release  the release whose rules it meets ({@code 1.1} or {@code 1.0})
 * @param counts   the number of entries (providers, gegevensdiensten, clients, names or hosts)
 * @param content  {@link Zal}, {@link Ocl}, {@link Gnl} or {@link Whitelist}
 */
public record ListDocument(ListKind kind, String release, BigInteger volgnummer, String tijdstempel, String sha256, int size,
                           Map<String, Integer> counts, Content content) {

    public sealed interface Content permits Zal, Ocl, Gnl, Whitelist {
        /** How many entries the list holds. */
        int entries();
    }

    public record Zal(Map<String, ProviderDirectory.Provider> providers) implements Content {
        @Override
        public int entries() {
            return providers.size();
        }
    }

    public record Ocl(Map<String, String> clients) implements Content {
        @Override
        public int entries() {
            return clients.size();
        }
    }

    public record Gnl(Map<String, String> names) implements Content {
        @Override
        public int entries() {
            return names.size();
        }
    }

    public record Whitelist(Set<String> hosts) implements Content {
        @Override
        public int entries() {
            return hosts.size();
        }
    }
}
