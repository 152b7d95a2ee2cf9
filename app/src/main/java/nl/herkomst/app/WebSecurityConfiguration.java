package nl.herkomst.app;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import nl.herkomst.query.web.ApiInputConfiguration;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The walking skeleton's API is open: authentication and roles (an OAuth 2 resource server) are the
 * security issue's work. Stateless, no sessions, no CSRF (no cookies are used).
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
public class WebSecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
        http.csrf(c -> c.disable());
        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** Requests the firewall rejects (encoded dots, semicolons, ...) get problem details like every other error. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, e) -> ApiInputConfiguration.problem(response, 400, "REQUEST_REJECTED", "the request URL is not acceptable");
    }
}
