package nl.herkomst.app.audit;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tamper evidence on the event store (every appended event chained into its stream, checkpoints over the
 * whole store), its verification, the history API and the replay of projections.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    EventStoreVerifier eventStoreVerifier(javax.sql.DataSource dataSource, org.springframework.transaction.PlatformTransactionManager tx,
                                          @org.springframework.beans.factory.annotation.Qualifier("eventSerializer") Serializer serializer,
                                          nl.herkomst.command.store.PersonKeys keys) {
        org.springframework.transaction.support.TransactionTemplate readOnly = new org.springframework.transaction.support.TransactionTemplate(tx);
        readOnly.setReadOnly(true);
        return new EventStoreVerifier(dataSource, readOnly, serializer).erasuresFrom(keys);
    }

    @Bean
    EventHistory eventHistory(javax.sql.DataSource dataSource,
                              @org.springframework.beans.factory.annotation.Qualifier("eventSerializer") Serializer serializer,
                              nl.herkomst.command.store.PersonKeys keys) {
        return new EventHistory(dataSource, serializer, keys);
    }

    @Bean
    Replays replays(org.axonframework.config.EventProcessingConfiguration processing) {
        return new Replays(processing);
    }

    @Bean
    AuditCheckpoints auditCheckpoints(JdbcTemplate jdbc, @org.springframework.beans.factory.annotation.Qualifier("eventSerializer") Serializer serializer,
                                      java.time.Clock clock,
                                      @org.springframework.beans.factory.annotation.Value("${herkomst.audit.checkpoint-margin:60s}") java.time.Duration margin) {
        return new AuditCheckpoints(jdbc, serializer, clock, margin);
    }

    /** Checkpoints every {@code herkomst.audit.checkpoint-interval}; replays what {@code herkomst.replay} names, at start. */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService auditScheduler() {
        return java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-checkpoints");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent> auditStarter(
            AuditCheckpoints checkpoints, java.util.concurrent.ScheduledExecutorService auditScheduler, Replays replays,
            @org.springframework.beans.factory.annotation.Value("${herkomst.audit.checkpoint-interval:5m}") java.time.Duration every,
            @org.springframework.beans.factory.annotation.Value("${herkomst.replay:}") String replay) {
        return event -> {
            if (!replay.isBlank()) {
                org.slf4j.LoggerFactory.getLogger(AuditConfiguration.class).info("herkomst.replay={}: replaying {}", replay, replays.replay(replay.trim()));
            }
            auditScheduler.scheduleWithFixedDelay(() -> {
                try {
                    checkpoints.checkpoint();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(AuditConfiguration.class).warn("Audit checkpoint failed: {}", e.toString());
                }
            }, every.toMillis(), every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        };
    }

    @Bean
    static BeanPostProcessor chainingEventStorageEngine(BeanFactory beans) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof EventStorageEngine engine && !(bean instanceof ChainingEventStorageEngine)) {
                    return new ChainingEventStorageEngine(engine, () -> beans.getBean("eventSerializer", Serializer.class),
                            () -> beans.getBean(JdbcTemplate.class));
                }
                return bean;
            }
        };
    }
}
