package nl.herkomst.command;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import nl.herkomst.command.collection.Collection;
import nl.herkomst.command.collection.CollectionCommandHandler;
import nl.herkomst.command.collection.CollectionProcess;
import nl.herkomst.command.collection.CollectionRecovery;
import nl.herkomst.command.collection.GegevensdienstCatalog;
import nl.herkomst.command.collection.MedMijClientProperties;
import nl.herkomst.command.lists.ListKind;
import nl.herkomst.command.lists.ListQueries;
import nl.herkomst.command.lists.ListSettings;
import nl.herkomst.command.lists.ListVersionProjection;
import nl.herkomst.command.lists.MedMijLists;
import nl.herkomst.command.fhir.FhirFetcher;
import nl.herkomst.command.http.ProviderHttp;
import nl.herkomst.command.oauth.TokenExchanger;
import nl.herkomst.command.store.AuthorizationStateStore;
import nl.herkomst.command.store.ResponseStore;
import nl.herkomst.command.store.SecretVault;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GegevensdienstCatalog.class, MedMijClientProperties.class, nl.herkomst.command.share.ShareCatalog.class})
public class CommandConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The one outbound client of the back channel; its gate is the current Whitelist. */
    @Bean
    ProviderHttp providerHttp(@Value("${herkomst.tls.trusted-ca-files:}") String trustedCaFiles,
                              @Value("${herkomst.http.connect-timeout:10s}") Duration connectTimeout,
                              @Value("${herkomst.http.response-timeout:60s}") Duration responseTimeout,
                              @Value("${herkomst.http.localhost-names:false}") boolean localhostNames,
                              @Value("${herkomst.tls.client-certificate:}") String clientCertificate,
                              @Value("${herkomst.tls.client-key:}") String clientKey,
                              @Lazy MedMijLists whitelist) {
        List<Path> files = java.util.Arrays.stream(trustedCaFiles.split(",")).map(String::trim).filter(f -> !f.isEmpty())
                .map(Path::of).toList();
        if (clientCertificate.isBlank() != clientKey.isBlank()) {
            throw new IllegalArgumentException("herkomst.tls.client-certificate and herkomst.tls.client-key are set together, or neither");
        }
        if (clientCertificate.isBlank()) {
            org.slf4j.LoggerFactory.getLogger(CommandConfiguration.class).warn(
                    "No client certificate configured (herkomst.tls.client-certificate): MedMij providers require mutual TLS");
        }
        return new ProviderHttp(files, clientCertificate.isBlank() ? null : Path.of(clientCertificate.trim()),
                clientKey.isBlank() ? null : Path.of(clientKey.trim()), connectTimeout, responseTimeout, whitelist, localhostNames);
    }

    @Bean
    ListSettings listSettings(Environment env) {
        String base = env.getProperty("herkomst.lists.stelselnode", "https://stelselnode.medmij.nl");
        int api = env.getProperty("herkomst.lists.api", Integer.class, 1);
        Map<String, String> overrides = new HashMap<>();
        Map<ListKind, Duration> refresh = new EnumMap<>(ListKind.class);
        Duration every = env.getProperty("herkomst.lists.refresh", Duration.class, Duration.ofMinutes(15));
        for (ListKind k : ListKind.values()) {
            String url = env.getProperty("herkomst.lists." + k.key() + ".url");
            if (url != null) {
                overrides.put(k.key(), url);
            }
            refresh.put(k, env.getProperty("herkomst.lists." + k.key() + ".refresh", Duration.class, every));
        }
        String host = URI.create(base).getHost();
        if (host == null || !base.startsWith("https://")) {
            throw new IllegalArgumentException("herkomst.lists.stelselnode must be an https:// URL, not " + base);
        }
        return new ListSettings(host, ListSettings.urls(base, api, overrides), refresh,
                env.getProperty("herkomst.lists.max-bytes", DataSize.class, DataSize.ofMegabytes(32)).toBytes(),
                env.getProperty("herkomst.lists.max-age", Duration.class, Duration.ofHours(8)),
                env.getProperty("herkomst.lists.initial-wait", Duration.class, Duration.ofSeconds(30)),
                env.getProperty("herkomst.lists.development-hosts", Boolean.class, false));
    }

    @Bean(destroyMethod = "close")
    MedMijLists medMijLists(ListSettings settings, @Lazy ProviderHttp http, ResponseStore store, JdbcTemplate jdbc,
                            @Lazy CommandGateway commands, Clock clock) {
        return new MedMijLists(settings, http, store, jdbc, commands, clock);
    }

    /** The lists are downloaded once everything is up (the command bus included), then on their schedule. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> medMijListsStarter(MedMijLists lists,
                                                                 @Value("${herkomst.lists.enabled:true}") boolean enabled) {
        return event -> {
            if (enabled) {
                lists.start();
            }
        };
    }

    /** Snapshots of a list's history (its state is four fields), so that a long run of rejections loads quickly. */
    @Bean
    org.axonframework.eventsourcing.SnapshotTriggerDefinition medMijListSnapshots(org.axonframework.eventsourcing.Snapshotter snapshotter,
            @Value("${herkomst.lists.snapshot-every:100}") int every) {
        return new org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition(snapshotter, every);
    }

    @Bean
    ListQueries listQueries(MedMijLists lists) {
        return new ListQueries(lists);
    }

    @Bean
    ListVersionProjection listVersionProjection(JdbcTemplate jdbc) {
        return new ListVersionProjection(jdbc);
    }

    @Bean
    SecretVault secretVault(JdbcTemplate jdbc, Clock clock, @Value("${herkomst.vault.keys}") String keys,
                            @Value("${herkomst.vault.current-key}") String current) {
        return new SecretVault(jdbc, clock, SecretVault.keys(keys), current);
    }

    /** The persons' data keys (crypto-shredding), wrapped with the vault's keys; after a key rotation they are wrapped anew at start. */
    @Bean
    nl.herkomst.command.store.PersonKeys personKeys(JdbcTemplate jdbc, @Value("${herkomst.vault.keys}") String keys,
                                                    @Value("${herkomst.vault.current-key}") String current) {
        nl.herkomst.command.store.PersonKeys personKeys = new nl.herkomst.command.store.PersonKeys(jdbc, SecretVault.keys(keys), current);
        int rewrapped = personKeys.rewrap();
        if (rewrapped > 0) {
            org.slf4j.LoggerFactory.getLogger(CommandConfiguration.class).info("{} person keys wrapped anew with vault key {}", rewrapped, current);
        }
        return personKeys;
    }

    /** Expired secrets are deleted every minute, not only when the next one is stored. */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService vaultPurge(SecretVault vault) {
        java.util.concurrent.ScheduledExecutorService purge = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vault-purge");
            t.setDaemon(true);
            return t;
        });
        purge.scheduleAtFixedRate(() -> {
            try {
                vault.purgeExpired();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SecretVault.class).warn("Vault purge failed: {}", e.getClass().getSimpleName());
            }
        }, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
        return purge;
    }

    @Bean
    ResponseStore responseStore(JdbcTemplate jdbc) {
        return new ResponseStore(jdbc);
    }

    @Bean
    AuthorizationStateStore authorizationStateStore(JdbcTemplate jdbc) {
        return new AuthorizationStateStore(jdbc);
    }

    @Bean
    TokenExchanger tokenExchanger(ProviderHttp http, @Value("${herkomst.http.token-timeout:10s}") Duration timeout) {
        return new TokenExchanger(http, timeout);
    }

    @Bean
    FhirFetcher fhirFetcher(ProviderHttp http, ResponseStore store, Clock clock, GegevensdienstCatalog catalog,
                            @Value("${herkomst.fhir.max-response-bytes:52428800}") long maxBytes,
                            @Value("${herkomst.fhir.max-pages:100}") int maxPages) {
        return new FhirFetcher(http, store, clock, maxBytes, maxPages,
                id -> catalog.find(id).map(GegevensdienstCatalog.Gegevensdienst::follow).orElse(List.of()));
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService collectionWorkers(@Value("${herkomst.collection.workers:4}") int workers) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "collection-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    CollectionCommandHandler collectionCommandHandler(Repository<Collection> collectionRepository, MedMijLists directory,
                                                      GegevensdienstCatalog catalog, MedMijClientProperties client,
                                                      AuthorizationStateStore states, SecretVault vault, Clock clock,
                                                      Repository<nl.herkomst.command.share.Share> shareRepository,
                                                      Repository<nl.herkomst.command.consent.Consent> consentRepository) {
        return new CollectionCommandHandler(collectionRepository, directory, catalog, client, states, vault, clock, shareRepository, consentRepository);
    }

    // ---- Delen ----------------------------------------------------------------------------------

    @Bean
    nl.herkomst.command.share.BundleValidation bundleValidation() {
        return new nl.herkomst.command.share.BundleValidation();
    }

    /** The validators take seconds to build: built in the background at start, so the first share does not wait. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> bundleValidationWarmUp(nl.herkomst.command.share.BundleValidation validation) {
        return event -> {
            Thread t = new Thread(() -> {
                try {
                    validation.warmUp();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(CommandConfiguration.class).warn("Bundle validators not warmed up: {}", e.toString());
                }
            }, "bundle-validation-warm-up");
            t.setDaemon(true);
            t.start();
        };
    }

    @Bean
    nl.herkomst.command.share.ShareCommandHandler shareCommandHandler(Repository<nl.herkomst.command.share.Share> shareRepository,
            MedMijLists directory, nl.herkomst.command.share.ShareCatalog shares, GegevensdienstCatalog catalog, MedMijClientProperties client,
            AuthorizationStateStore states, ResponseStore store, nl.herkomst.command.share.BundleValidation validation,
            @Value("${herkomst.share-limits.max-pdf-bytes:20MB}") DataSize maxPdf, Clock clock) {
        return new nl.herkomst.command.share.ShareCommandHandler(shareRepository, directory, shares, catalog, client, states, store, validation,
                maxPdf.toBytes(), clock);
    }

    /** Every share ends: the stalled are taken up again, the abandoned expire, the interrupted sends end OUTCOME_UNKNOWN. */
    @Bean
    nl.herkomst.command.share.ShareRecovery shareRecovery(JdbcTemplate jdbc, CommandGateway commands, nl.herkomst.command.share.ShareProcess process,
            Clock clock, MedMijClientProperties client, @Value("${herkomst.share-recovery.stalled:2m}") Duration stalled,
            @Value("${herkomst.http.response-timeout:60s}") Duration responseTimeout, org.axonframework.config.EventProcessingConfiguration processing) {
        return new nl.herkomst.command.share.ShareRecovery(jdbc, commands, process, clock, client.stateTtl(), stalled, responseTimeout,
                new nl.herkomst.command.processing.CaughtUp(processing, nl.herkomst.command.share.ShareProcess.PROCESSING_GROUP));
    }

    @Bean
    nl.herkomst.command.share.ShareProcess shareProcess(EventStore eventStore, CommandGateway commands, TokenExchanger tokens, ProviderHttp http,
            ResponseStore store, SecretVault vault, AuthorizationStateStore states, ExecutorService collectionWorkers,
            @Value("${herkomst.fhir.max-response-bytes:52428800}") long maxBytes, Clock clock) {
        return new nl.herkomst.command.share.ShareProcess(eventStore, commands, tokens, http, store, vault, states, collectionWorkers, maxBytes, clock);
    }

    @Bean
    CollectionProcess collectionProcess(EventStore eventStore, CommandGateway commands, TokenExchanger tokens, FhirFetcher fetcher,
                                        SecretVault vault, AuthorizationStateStore states, ExecutorService collectionWorkers,
                                        nl.herkomst.command.consent.ConsentTokens consentTokens, Clock clock) {
        return new CollectionProcess(eventStore, commands, tokens, fetcher, vault, states, collectionWorkers, consentTokens, clock);
    }

    /** Every collection that got its authorization ends: one cut off by a stop is taken up again (see {@link CollectionRecovery}). */
    @Bean
    CollectionRecovery collectionRecovery(JdbcTemplate jdbc, EventStore eventStore, CollectionProcess process, Clock clock,
            @Value("${herkomst.collection-recovery.stalled:2m}") Duration stalled, org.axonframework.config.EventProcessingConfiguration processing) {
        return new CollectionRecovery(jdbc, eventStore, process, clock, stalled,
                new nl.herkomst.command.processing.CaughtUp(processing, CollectionProcess.PROCESSING_GROUP));
    }

    /** The recoveries' rounds: at start, then every interval. */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService recoveryRounds() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recovery");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> recoveryStarter(java.util.concurrent.ScheduledExecutorService recoveryRounds,
            nl.herkomst.command.share.ShareRecovery shares, @Value("${herkomst.share-recovery.interval:1m}") Duration shareInterval,
            CollectionRecovery collections, @Value("${herkomst.collection-recovery.interval:1m}") Duration collectionInterval) {
        return event -> {
            schedule(recoveryRounds, "Share recovery", shares::run, shareInterval);
            schedule(recoveryRounds, "Collection recovery", collections::run, collectionInterval);
        };
    }

    private static void schedule(java.util.concurrent.ScheduledExecutorService rounds, String what, Runnable round, Duration interval) {
        rounds.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(CommandConfiguration.class).warn("{} round failed: {}", what, e.getClass().getSimpleName());
            }
        }, 0, interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** As the application starts to stop, before the command bus and the database: no collection starts another query. */
    @Bean
    ApplicationListener<org.springframework.context.event.ContextClosedEvent> collectionProcessStopper(CollectionProcess process) {
        return event -> process.stop();
    }

    /** Refresh tokens of long-term consents: kept for the lapse period after their last use (MedMij: six months), deleted when a consent ends. */
    @Bean
    nl.herkomst.command.consent.ConsentTokens consentTokens(SecretVault vault, @Value("${herkomst.consent.lapse-after:180d}") Duration lapseAfter) {
        return new nl.herkomst.command.consent.ConsentTokens(vault, lapseAfter);
    }

    /**
     * The process starts at the head of the event stream the first time it runs: it must act on what
     * happens from now on, never on history.
     */
    /** Failures of event handlers: noted for the processors' health, then rethrown (the event is retried, never skipped). */
    @Bean
    static nl.herkomst.command.processing.ProcessingErrors processingErrors() {
        return new nl.herkomst.command.processing.ProcessingErrors(Clock.systemUTC(), Duration.ofSeconds(30));
    }

    @Autowired
    void configureProcess(EventProcessingConfigurer processing, nl.herkomst.command.processing.ProcessingErrors errors) {
        processing.registerDefaultListenerInvocationErrorHandler(c -> errors);
        processing.registerPooledStreamingEventProcessor(CollectionProcess.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
        processing.registerPooledStreamingEventProcessor(nl.herkomst.command.consent.ConsentTokens.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
        processing.registerPooledStreamingEventProcessor(nl.herkomst.command.share.ShareProcess.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }
}
