package nl.herkomst.query;

import nl.herkomst.query.projection.CollectionStatusProjection;
import nl.herkomst.query.projection.DossierProjection;
import nl.herkomst.query.projection.ReadModelQueries;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
public class QueryConfiguration {

    @Bean
    CollectionStatusProjection collectionStatusProjection(JdbcTemplate jdbc, QueryUpdateEmitter updates, ReadModelQueries views) {
        return new CollectionStatusProjection(jdbc, updates, views);
    }

    @Bean
    nl.herkomst.query.consent.ConsentProjection consentProjection(JdbcTemplate jdbc) {
        return new nl.herkomst.query.consent.ConsentProjection(jdbc);
    }

    @Bean
    nl.herkomst.query.share.ShareProjection shareProjection(JdbcTemplate jdbc) {
        return new nl.herkomst.query.share.ShareProjection(jdbc);
    }

    @Bean
    nl.herkomst.query.share.ShareReadModel shareReadModel(JdbcTemplate jdbc) {
        return new nl.herkomst.query.share.ShareReadModel(jdbc);
    }

    @Bean
    nl.herkomst.query.share.DossierSources dossierSources(JdbcTemplate jdbc) {
        return new nl.herkomst.query.share.DossierSources(jdbc);
    }

    /** The type a shared document gets when the front end names none (herkomst.share-document-type.*). */
    @Bean
    nl.herkomst.api.share.Coding defaultDocumentType(org.springframework.core.env.Environment env) {
        return new nl.herkomst.api.share.Coding(env.getProperty("herkomst.share-document-type.system", "http://snomed.info/sct"),
                env.getProperty("herkomst.share-document-type.code", "419891008"),
                env.getProperty("herkomst.share-document-type.display", "Record artifact"));
    }

    @Bean
    DossierProjection dossierProjection(JdbcTemplate jdbc) {
        return new DossierProjection(jdbc);
    }

    @Bean
    nl.herkomst.query.support.SupportProjection supportProjection(JdbcTemplate jdbc,
            @org.springframework.beans.factory.annotation.Value("${herkomst.support.pseudonym-key}") String key) {
        return new nl.herkomst.query.support.SupportProjection(jdbc, new nl.herkomst.query.support.PersonPseudonym(key));
    }

    @Bean
    nl.herkomst.query.access.AccessLog accessLog(JdbcTemplate jdbc, java.time.Clock clock,
            @org.springframework.beans.factory.annotation.Value("${herkomst.access-log.retention-months:36}") int months) {
        return new nl.herkomst.query.access.AccessLog(jdbc, clock, months);
    }

    @Bean
    nl.herkomst.query.access.GraphQlAccessLog graphQlAccessLog(nl.herkomst.query.access.AccessLog log) {
        return new nl.herkomst.query.access.GraphQlAccessLog(log);
    }

    @Bean
    org.springframework.web.servlet.config.annotation.WebMvcConfigurer accessLogInterceptor(nl.herkomst.query.access.AccessLog log) {
        return new org.springframework.web.servlet.config.annotation.WebMvcConfigurer() {
            @Override
            public void addInterceptors(org.springframework.web.servlet.config.annotation.InterceptorRegistry registry) {
                registry.addInterceptor(new nl.herkomst.query.access.AccessLogInterceptor(log)).addPathPatterns("/api/persons/**", "/api/audit/**");
            }
        };
    }

    /** Deletes access-log entries past their retention: at start and then daily. */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService accessLogRetention(nl.herkomst.query.access.AccessLog log) {
        java.util.concurrent.ScheduledExecutorService s = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "access-log-retention");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> {
            try {
                log.purge();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(nl.herkomst.query.access.AccessLog.class).warn("Access log retention failed: {}", e.toString());
            }
        }, 1, 24 * 60, java.util.concurrent.TimeUnit.MINUTES);
        return s;
    }

    @Bean
    ReadModelQueries readModelQueries(JdbcTemplate jdbc) {
        return new ReadModelQueries(jdbc);
    }
}
