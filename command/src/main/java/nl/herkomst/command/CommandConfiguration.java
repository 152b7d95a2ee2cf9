package nl.herkomst.command;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import nl.herkomst.command.collection.Collection;
import nl.herkomst.command.collection.CollectionCommandHandler;
import nl.herkomst.command.collection.CollectionProcess;
import nl.herkomst.command.collection.GegevensdienstCatalog;
import nl.herkomst.command.collection.MedMijClientProperties;
import nl.herkomst.command.directory.HttpProviderDirectory;
import nl.herkomst.command.directory.ProviderDirectory;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GegevensdienstCatalog.class, MedMijClientProperties.class})
public class CommandConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ProviderHttp providerHttp(@Value("${herkomst.tls.trusted-ca-files:}") String trustedCaFiles,
                              @Value("${herkomst.http.connect-timeout:10s}") Duration connectTimeout,
                              @Value("${herkomst.http.response-timeout:60s}") Duration responseTimeout) {
        List<Path> files = java.util.Arrays.stream(trustedCaFiles.split(",")).map(String::trim).filter(f -> !f.isEmpty())
                .map(Path::of).toList();
        return new ProviderHttp(files, connectTimeout, responseTimeout);
    }

    @Bean
    ProviderDirectory providerDirectory(@Value("${herkomst.lists.zal-url}") URI zalUrl,
                                        @Value("${herkomst.lists.refresh:15m}") Duration refresh, ProviderHttp http, Clock clock) {
        return new HttpProviderDirectory(zalUrl, refresh, http, clock);
    }

    @Bean
    SecretVault secretVault(Clock clock) {
        return new SecretVault(clock);
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
    CollectionCommandHandler collectionCommandHandler(Repository<Collection> collectionRepository, ProviderDirectory directory,
                                                      GegevensdienstCatalog catalog, MedMijClientProperties client,
                                                      AuthorizationStateStore states, SecretVault vault, Clock clock) {
        return new CollectionCommandHandler(collectionRepository, directory, catalog, client, states, vault, clock);
    }

    @Bean
    CollectionProcess collectionProcess(EventStore eventStore, CommandGateway commands, TokenExchanger tokens, FhirFetcher fetcher,
                                        SecretVault vault, AuthorizationStateStore states, ExecutorService collectionWorkers,
                                        Clock clock) {
        return new CollectionProcess(eventStore, commands, tokens, fetcher, vault, states, collectionWorkers, clock);
    }

    /**
     * The process starts at the head of the event stream the first time it runs: it must act on what
     * happens from now on, never on history.
     */
    @Autowired
    void configureProcess(EventProcessingConfigurer processing) {
        processing.registerPooledStreamingEventProcessor(CollectionProcess.PROCESSING_GROUP,
                org.axonframework.config.Configuration::eventStore,
                (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }
}
