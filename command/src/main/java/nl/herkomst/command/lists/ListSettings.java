package nl.herkomst.command.lists;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the lists come from and how often (medmij.md §4.2).
 *
 * @param stelselnode the stelselnode's host: list downloads from it are the only back-channel traffic not
 *                    checked against the Whitelist (it is where the Whitelist comes from)
 * @param urls        the URL of each list
 * @param refresh     how often each list is downloaded
 * @param maxBytes    the largest list accepted
 * @param maxAge      a list older than this (since its last good download) makes the health degraded
 * @param initialWait how long a lookup right after start waits for the first download
 * @param developmentHosts accept a port on a {@code *.localhost} authorization endpoint (the sandbox's)
 */
public record ListSettings(String stelselnode, Map<ListKind, URI> urls, Map<ListKind, Duration> refresh, long maxBytes,
                           Duration maxAge, Duration initialWait, boolean developmentHosts) {

    /** The URLs of §4.2: {@code <base>/<file name>?api=<major>}, each replaceable by its own setting. */
    public static Map<ListKind, URI> urls(String base, int api, Map<String, String> overrides) {
        Map<ListKind, URI> urls = new EnumMap<>(ListKind.class);
        for (ListKind k : ListKind.values()) {
            String override = overrides.get(k.key());
            String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            urls.put(k, URI.create(override != null && !override.isBlank() ? override.trim() : b + "/" + k.fileName() + "?api=" + api));
        }
        return urls;
    }
}
