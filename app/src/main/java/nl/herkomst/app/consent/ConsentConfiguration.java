package nl.herkomst.app.consent;

import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
public class ConsentConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    ConsentScheduler consentScheduler(JdbcTemplate jdbc, CommandGateway commands, Clock clock,
                                      @Value("${herkomst.consent.recollect-every:24h}") Duration recollectEvery,
                                      @Value("${herkomst.consent.lapse-after:180d}") Duration lapseAfter,
                                      @Value("${herkomst.consent.check-every:1m}") Duration checkEvery) {
        if (recollectEvery.isNegative() || recollectEvery.isZero() || checkEvery.isNegative() || checkEvery.isZero()
                || lapseAfter.compareTo(recollectEvery) <= 0) {
            throw new IllegalArgumentException("herkomst.consent: recollect-every and check-every must be positive, and lapse-after longer "
                    + "than recollect-every (a consent would lapse before it is used)");
        }
        if (checkEvery.compareTo(recollectEvery) > 0) {
            org.slf4j.LoggerFactory.getLogger(ConsentConfiguration.class).warn("herkomst.consent.check-every ({}) is longer than recollect-every ({}): "
                    + "collections without the person come every {} at the most", checkEvery, recollectEvery, checkEvery);
        }
        return new ConsentScheduler(jdbc, commands, clock, recollectEvery, lapseAfter, checkEvery);
    }
}
