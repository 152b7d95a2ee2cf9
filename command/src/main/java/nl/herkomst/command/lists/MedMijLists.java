package nl.herkomst.command.lists;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.RecordListDownload;
import nl.herkomst.command.directory.ProviderDirectory;
import nl.herkomst.command.http.HostGate;
import nl.herkomst.command.http.ProviderHttp;
import nl.herkomst.command.store.ResponseStore;
import nl.herkomst.command.store.Sha256;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The four MedMij lists as the back channel uses them: downloaded at start and on a schedule, checked by
 * {@link ListReader}, judged and recorded by the {@link MedMijList} history, and kept as the current version
 * of each list. The last accepted version of each list is persisted (the version table and the content
 * store), so that a restart without the network still has the directory. It is the {@link HostGate} of the
 * outbound client (the current Whitelist) and the {@link ProviderDirectory} of collections (the current ZAL).
 */
public class MedMijLists implements ProviderDirectory, HostGate, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MedMijLists.class);

    /** The version of a list in use, with when it was accepted and when a download last confirmed it. */
    public record Current(ListDocument document, String source, Instant acceptedAt, Instant confirmedAt) {
    }

    /** The last download that was not accepted. */
    public record Rejection(String code, List<String> reasons, String source, Instant at) {
    }

    private final ListSettings settings;
    private final ProviderHttp http;
    private final ResponseStore store;
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;
    private final ListReader reader;
    private final Map<ListKind, Current> current = new ConcurrentHashMap<>();
    private final Map<ListKind, Rejection> rejections = new ConcurrentHashMap<>();
    private final Map<ListKind, Instant> attempts = new ConcurrentHashMap<>();
    private final Map<String, ListDocument> versionCache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ListDocument> eldest) {
            return size() > 4;
        }
    });
    private final CountDownLatch firstRound = new CountDownLatch(1);
    private volatile ScheduledExecutorService scheduler;

    public MedMijLists(ListSettings settings, ProviderHttp http, ResponseStore store, JdbcTemplate jdbc, CommandGateway commands, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.store = store;
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
        this.reader = new ListReader(settings.developmentHosts());
        if (settings.developmentHosts()) {
            log.warn("herkomst.lists.development-hosts is on: a *.localhost authorization endpoint may carry a port (never in production)");
        }
    }

    public ListSettings settings() {
        return settings;
    }

    // ---- life cycle ---------------------------------------------------------------------------------

    /** Loads the persisted versions, then downloads every list now and on its schedule (the Whitelist first). */
    public void start() {
        loadPersisted();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "medmij-lists");
            t.setDaemon(true);
            return t;
        });
        scheduler.execute(() -> {
            try {
                refreshAll();
            } finally {
                firstRound.countDown();
            }
        });
        for (ListKind kind : order()) {
            long every = settings.refresh().get(kind).toMillis();
            scheduler.scheduleWithFixedDelay(() -> refreshQuietly(kind), every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private static List<ListKind> order() {
        return List.of(ListKind.WHITELIST, ListKind.OCL, ListKind.GNL, ListKind.ZAL);
    }

    /**
     * Downloads every list now on the lists' own thread (after any download already running there), and
     * waits for the outcomes. Downloads never run inside another command's unit of work, and never two at
     * a time: each records its outcome with a command of its own.
     */
    public Map<ListKind, String> refreshNow(Duration timeout) {
        ScheduledExecutorService s = scheduler;
        if (s == null) {
            return refreshAll();
        }
        try {
            return s.submit(this::refreshAll).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new RefusedException(RefusedException.Kind.UNAVAILABLE, "LISTS_BUSY", "the lists are still being downloaded; try again shortly");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the lists could not be downloaded: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Downloads every list now on the calling thread, the Whitelist first; returns each list's outcome. */
    Map<ListKind, String> refreshAll() {
        Map<ListKind, String> outcomes = new EnumMap<>(ListKind.class);
        for (ListKind kind : order()) {
            outcomes.put(kind, refreshQuietly(kind));
        }
        return outcomes;
    }

    private String refreshQuietly(ListKind kind) {
        try {
            return refresh(kind);
        } catch (RuntimeException e) {
            log.warn("Download of the {} could not be recorded: {}", kind.root(), e.toString());
            rejections.put(kind, new Rejection("RECORDING_FAILED", List.of("the download's outcome could not be recorded: "
                    + e.getClass().getSimpleName()), settings.urls().get(kind).toString(), clock.instant()));
            return "ERROR";
        }
    }

    private void loadPersisted() {
        jdbc.query("select list, code, reasons, source, fetched_at from medmij_list_rejection", rs -> {
            ListKind.ofKey(rs.getString(1)).ifPresent(k -> {
                try {
                    rejections.put(k, new Rejection(rs.getString(2), List.of(rs.getString(3).split("\n")), rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        for (ListKind kind : ListKind.values()) {
            try {
                latestVersion(kind, null).ifPresent(v -> {
                    ListDocument doc = document(kind, v.sha256()).orElse(null);
                    if (doc != null) {
                        current.put(kind, new Current(doc, v.source(), v.fetchedAt(), v.confirmedAt()));
                        log.info("{} Volgnummer {} from {} (persisted)", kind.root(), doc.volgnummer(), v.fetchedAt());
                    }
                });
            } catch (RuntimeException e) {
                log.warn("The persisted {} could not be read: {}", kind.root(), e.toString());
            }
        }
    }

    // ---- downloading --------------------------------------------------------------------------------

    /**
     * Downloads one list, checks it and records the outcome; returns {@code ACCEPTED}, {@code UNCHANGED} or
     * {@code REJECTED:<code>}. A rejected download keeps the previous version in use.
     */
    String refresh(ListKind kind) {
        URI url = settings.urls().get(kind);
        Instant at = clock.instant();
        attempts.put(kind, at);
        ProviderHttp.Response response;
        try {
            response = http.getList(url, "application/xml, text/xml", settings.maxBytes());
        } catch (ProviderHttp.TransportException e) {
            String code = e.refusal().map(HostGate.HostRefusedException::code).orElse(
                    e.getMessage() != null && e.getMessage().startsWith("response larger") ? "TOO_LARGE" : e.kind().name());
            return record(kind, url, at, null, null, code, List.of(e.getMessage()), null);
        } catch (IllegalArgumentException e) {
            return record(kind, url, at, null, null, "INVALID_URL", List.of(e.getMessage()), null);
        }
        byte[] body = response.body();
        if (response.status() != 200) {
            return record(kind, url, at, body, response.status(), "HTTP_STATUS", List.of("HTTP " + response.status()), null);
        }
        if (!isXml(response.contentType())) {
            return record(kind, url, at, body, 200, "CONTENT_TYPE",
                    List.of("Content-Type " + (response.contentType() == null ? "missing" : "'" + response.contentType() + "'")
                            + ": a list is application/xml or text/xml"), null);
        }
        ListDocument doc;
        try {
            doc = reader.read(body, kind);
        } catch (ListReader.Rejected e) {
            return record(kind, url, at, body, 200, e.code(), e.reasons(), null);
        }
        return record(kind, url, at, body, 200, null, List.of(), doc);
    }

    static boolean isXml(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/xml") || type.equals("text/xml");
    }

    private String record(ListKind kind, URI url, Instant at, byte[] body, Integer status, String code, List<String> reasons, ListDocument doc) {
        String sha = null;
        if (body != null && body.length > 0) {
            sha = doc != null ? doc.sha256() : Sha256.hex(body);
            Current c = current.get(kind);
            // the 15-minute download of an unchanged list: its bytes are stored already
            if (c == null || !c.document().sha256().equals(sha)) {
                store.put(sha, body, "application/xml");
            }
        }
        RecordListDownload command = new RecordListDownload(kind.key(), url.toString(), at, sha, body == null ? 0 : body.length, status,
                code, reasons, doc == null ? null : doc.release(), doc == null ? null : doc.volgnummer().toString(),
                doc == null ? null : doc.tijdstempel(), doc == null ? null : doc.counts(), doc == null ? 0 : doc.content().entries());
        String outcome = commands.sendAndWait(command);
        if (RecordListDownload.ACCEPTED.equals(outcome)) {
            current.put(kind, new Current(doc, url.toString(), at, at));
            versionCache.put(doc.sha256(), doc);
            confirm(kind, doc.sha256(), at);
            log.info("{} Volgnummer {} accepted from {} ({} entries)", kind.root(), doc.volgnummer(), url, doc.content().entries());
        } else if (RecordListDownload.UNCHANGED.equals(outcome)) {
            Current c = current.get(kind);
            current.put(kind, new Current(doc, url.toString(), c == null ? at : c.acceptedAt(), at));
            confirm(kind, doc.sha256(), at);
        } else {
            // REJECTED:<code>[\n<reason>] (a rule of the history gives its own reason)
            String rest = outcome.substring(outcome.indexOf(':') + 1);
            int nl = rest.indexOf('\n');
            String why = nl < 0 ? rest : rest.substring(0, nl);
            List<String> shown = nl >= 0 ? List.of(rest.substring(nl + 1)) : reasons.isEmpty() ? List.of(why) : reasons;
            rejections.put(kind, new Rejection(why, shown, url.toString(), at));
            outcome = "REJECTED:" + why;
            Current c = current.get(kind);
            log.warn("{} download from {} rejected ({}); {}", kind.root(), url, why,
                    c == null ? "no version of it is available yet" : "Volgnummer " + c.document().volgnummer() + " stays in use");
        }
        return outcome;
    }

    private void confirm(ListKind kind, String sha256, Instant at) {
        jdbc.update("insert into medmij_list_confirmation (list, sha256, confirmed_at) values (?, ?, ?) "
                + "on conflict (list) do update set sha256 = excluded.sha256, confirmed_at = excluded.confirmed_at",
                kind.key(), sha256, java.sql.Timestamp.from(at));
    }

    // ---- the gate -----------------------------------------------------------------------------------

    @Override
    public void check(String host, boolean listDownload) throws HostRefusedException {
        if (listDownload && host != null && host.equals(settings.stelselnode())) {
            return; // where the Whitelist itself comes from
        }
        Current whitelist = current(ListKind.WHITELIST).orElse(null);
        if (whitelist == null) {
            throw new HostRefusedException(host, "NO_WHITELIST", "no Whitelist is available yet: no back-channel connection to " + host);
        }
        // exact and case-sensitive, as listed (medmij.md §4.5)
        if (!((ListDocument.Whitelist) whitelist.document().content()).hosts().contains(host)) {
            throw new HostRefusedException(host, "HOST_NOT_WHITELISTED", "host " + host + " is not on the Whitelist (Volgnummer "
                    + whitelist.document().volgnummer() + "): no connection was opened");
        }
    }

    private void awaitFirstRound() {
        if (Thread.currentThread().getName().equals("medmij-lists")) {
            return;
        }
        try {
            firstRound.await(settings.initialWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- lookups ------------------------------------------------------------------------------------

    public Optional<Current> current(ListKind kind) {
        Current c = current.get(kind);
        if (c == null) {
            awaitFirstRound();
            c = current.get(kind);
        }
        return Optional.ofNullable(c);
    }

    /** The version in use, without waiting for the first download after start. */
    public Optional<Current> peek(ListKind kind) {
        return Optional.ofNullable(current.get(kind));
    }

    public Optional<Rejection> lastRejection(ListKind kind) {
        return Optional.ofNullable(rejections.get(kind));
    }

    public Optional<Instant> lastAttempt(ListKind kind) {
        return Optional.ofNullable(attempts.get(kind));
    }

    @Override
    public Optional<Endpoints> find(String provider, String gegevensdienst, String systeemrol) {
        ListDocument.Zal zal = zal();
        Provider p = zal.providers().get(provider);
        if (p == null) {
            return Optional.empty();
        }
        Service s = p.gegevensdiensten().get(gegevensdienst);
        if (s == null || !s.resourceEndpoints().containsKey(systeemrol)) {
            return Optional.empty();
        }
        return Optional.of(new Endpoints(provider, gegevensdienst, systeemrol, s.authorizationEndpoint(), s.tokenEndpoint(),
                s.resourceEndpoints().get(systeemrol), version(ListKind.ZAL), version(ListKind.WHITELIST)));
    }

    @Override
    public void requireOnOcl(String clientId) {
        Current ocl = current(ListKind.OCL).orElseThrow(() -> unavailable(ListKind.OCL));
        if (!((ListDocument.Ocl) ocl.document().content()).clients().containsKey(clientId)) {
            throw new RefusedException(RefusedException.Kind.UNAVAILABLE, "CLIENT_NOT_ON_OCL", "this PGO's client id '" + clientId
                    + "' is not on the OAuth client list (OCL Volgnummer " + ocl.document().volgnummer()
                    + "): providers would refuse its authorization requests; check herkomst.medmij.client-id");
        }
    }

    @Override
    public Optional<String> gegevensdienstName(String id) {
        return Optional.ofNullable(current.get(ListKind.GNL))
                .map(c -> ((ListDocument.Gnl) c.document().content()).names().get(id));
    }

    private String version(ListKind kind) {
        Current c = current.get(kind);
        return c == null ? null : c.document().volgnummer().toString();
    }

    private ListDocument.Zal zal() {
        return (ListDocument.Zal) current(ListKind.ZAL).orElseThrow(() -> unavailable(ListKind.ZAL)).document().content();
    }

    private RefusedException unavailable(ListKind kind) {
        Rejection r = rejections.get(kind);
        return new RefusedException(RefusedException.Kind.UNAVAILABLE, "PROVIDER_LIST_UNAVAILABLE", "no " + kind.root()
                + " has been accepted yet" + (r == null ? "" : "; the last download from " + r.source() + " was rejected: " + r.code()));
    }

    /** A provider with the gegevensdiensten it offers, and their GNL names. */
    public record ProviderEntry(String name, List<ServiceEntry> gegevensdiensten) {
    }

    public record ServiceEntry(String id, String name) {
    }

    /**
     * The providers whose name contains {@code q} (case-insensitive) and that offer {@code gegevensdienst}
     * (exact), from the ZAL in use at {@code at} (null: now), sorted by name.
     */
    public List<ProviderEntry> providers(String q, String gegevensdienst, Instant at, int limit) {
        ListDocument.Zal zal = at == null ? zal() : (ListDocument.Zal) documentAt(ListKind.ZAL, at)
                .orElseThrow(() -> new RefusedException(RefusedException.Kind.NOT_FOUND, "NO_LIST_AT",
                        "no Zorgaanbiederslijst had been accepted by " + at)).content();
        Map<String, String> names = at == null ? gnlNames() : documentAt(ListKind.GNL, at)
                .map(d -> ((ListDocument.Gnl) d.content()).names()).orElse(Map.of());
        String needle = q == null ? "" : q.toLowerCase(Locale.ROOT);
        List<ProviderEntry> result = new ArrayList<>();
        zal.providers().values().stream()
                .filter(p -> p.name().toLowerCase(Locale.ROOT).contains(needle))
                .filter(p -> gegevensdienst == null || p.gegevensdiensten().containsKey(gegevensdienst))
                .sorted(Comparator.comparing(Provider::name))
                .limit(limit)
                .forEach(p -> result.add(new ProviderEntry(p.name(), p.gegevensdiensten().keySet().stream()
                        .map(id -> new ServiceEntry(id, names.get(id))).toList())));
        return result;
    }

    private Map<String, String> gnlNames() {
        Current gnl = current.get(ListKind.GNL);
        return gnl == null ? Map.of() : ((ListDocument.Gnl) gnl.document().content()).names();
    }

    // ---- history ------------------------------------------------------------------------------------

    /** A version from the version table (the projection of the accepted versions). */
    public record Version(String list, String volgnummer, String release, String tijdstempel, String sha256, long size, String counts,
                          String source, Instant fetchedAt, Instant confirmedAt) {
    }

    /** The version of a list that was in use at {@code at} (null: the latest). */
    public Optional<Version> latestVersion(ListKind kind, Instant at) {
        List<Version> v = jdbc.query("""
                select v.list, v.volgnummer, v.release, v.tijdstempel, v.sha256, v.size, v.counts, v.source, v.fetched_at,
                  coalesce(c.confirmed_at, v.fetched_at)
                from medmij_list_version v left join medmij_list_confirmation c on c.list = v.list and c.sha256 = v.sha256
                where v.list = ? and (cast(? as timestamp with time zone) is null or v.fetched_at <= ?)
                order by v.volgnummer desc limit 1""",
                (rs, i) -> new Version(rs.getString(1), rs.getBigDecimal(2).toBigInteger().toString(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10).toInstant()),
                kind.key(), at == null ? null : java.sql.Timestamp.from(at), at == null ? null : java.sql.Timestamp.from(at));
        return v.stream().findFirst();
    }

    /** The document of the version in use at {@code at}, read again from the content store. */
    public Optional<ListDocument> documentAt(ListKind kind, Instant at) {
        return latestVersion(kind, at).flatMap(v -> document(kind, v.sha256()));
    }

    private Optional<ListDocument> document(ListKind kind, String sha256) {
        ListDocument cached = versionCache.get(sha256);
        if (cached != null) {
            return Optional.of(cached);
        }
        return store.get(sha256).map(bytes -> {
            try {
                ListDocument doc = reader.read(bytes, kind);
                versionCache.put(sha256, doc);
                return doc;
            } catch (ListReader.Rejected e) {
                log.warn("Stored {} {} no longer meets the rules: {}", kind.root(), sha256, e.code());
                return null;
            }
        });
    }

    /** How long ago a download last brought the list in use (accepted or confirmed unchanged). */
    public Optional<Duration> age(ListKind kind) {
        Current c = current.get(kind);
        if (c == null) {
            return Optional.empty();
        }
        Instant last = c.confirmedAt() != null ? c.confirmedAt() : c.acceptedAt();
        return Optional.of(Duration.between(last, clock.instant()));
    }
}
