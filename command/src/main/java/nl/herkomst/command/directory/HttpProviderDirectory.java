package nl.herkomst.command.directory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import nl.herkomst.api.RefusedException;
import nl.herkomst.command.http.ProviderHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ZAL from a URL and keeps the last good copy; refreshes it when it is older than the refresh
 * interval. A download that fails keeps the previous copy in use.
 */
public class HttpProviderDirectory implements ProviderDirectory {

    private static final Logger log = LoggerFactory.getLogger(HttpProviderDirectory.class);

    private final URI url;
    private final Duration refresh;
    private final ProviderHttp http;
    private final Clock clock;
    private final ZorgaanbiederslijstParser parser = new ZorgaanbiederslijstParser();
    private volatile ZorgaanbiederslijstParser.Zorgaanbiederslijst current;
    private volatile Instant fetchedAt = Instant.EPOCH;

    public HttpProviderDirectory(URI url, Duration refresh, ProviderHttp http, Clock clock) {
        this.url = url;
        this.refresh = refresh;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Optional<Endpoints> find(String provider, String gegevensdienst, String systeemrol) {
        ZorgaanbiederslijstParser.Zorgaanbiederslijst zal = list();
        Provider p = zal.providers().get(provider);
        if (p == null) {
            return Optional.empty();
        }
        Service s = p.gegevensdiensten().get(gegevensdienst);
        if (s == null || !s.resourceEndpoints().containsKey(systeemrol)) {
            return Optional.empty();
        }
        return Optional.of(new Endpoints(provider, gegevensdienst, systeemrol, s.authorizationEndpoint(), s.tokenEndpoint(),
                s.resourceEndpoints().get(systeemrol), zal.volgnummer()));
    }

    private synchronized ZorgaanbiederslijstParser.Zorgaanbiederslijst list() {
        Instant now = clock.instant();
        if (current == null || fetchedAt.plus(refresh).isBefore(now)) {
            try {
                ProviderHttp.Response response = http.get(url, "application/xml", 10 * 1024 * 1024, null);
                if (response.status() != 200) {
                    throw new IllegalStateException("HTTP " + response.status());
                }
                ZorgaanbiederslijstParser.Zorgaanbiederslijst parsed = parser.parse(response.body());
                if (current != null && Long.parseLong(parsed.volgnummer()) < Long.parseLong(current.volgnummer())) {
                    throw new IllegalStateException("Volgnummer " + parsed.volgnummer() + " is older than " + current.volgnummer());
                }
                current = parsed;
                fetchedAt = now;
            } catch (RuntimeException e) {
                if (current == null) {
                    throw new RefusedException(RefusedException.Kind.UNAVAILABLE, "PROVIDER_LIST_UNAVAILABLE",
                            "the provider list could not be read from " + url + ": " + e.getMessage());
                }
                log.warn("Provider list refresh from {} failed, keeping Volgnummer {}: {}", url, current.volgnummer(), e.getMessage());
                fetchedAt = now;
            }
        }
        return current;
    }
}
