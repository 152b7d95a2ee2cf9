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
    DossierProjection dossierProjection(JdbcTemplate jdbc) {
        return new DossierProjection(jdbc);
    }

    @Bean
    nl.herkomst.query.support.SupportProjection supportProjection(JdbcTemplate jdbc,
            @org.springframework.beans.factory.annotation.Value("${herkomst.support.pseudonym-key}") String key) {
        return new nl.herkomst.query.support.SupportProjection(jdbc, new nl.herkomst.query.support.PersonPseudonym(key));
    }

    @Bean
    ReadModelQueries readModelQueries(JdbcTemplate jdbc) {
        return new ReadModelQueries(jdbc);
    }
}
