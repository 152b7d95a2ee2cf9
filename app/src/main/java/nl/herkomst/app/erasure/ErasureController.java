package nl.herkomst.app.erasure;

import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.herkomst.api.PersonId;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /api/persons/{p}}: the person erases themselves, or an administrator erases them on their request. */
@RestController
public class ErasureController {

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Beans {
        @org.springframework.context.annotation.Bean
        PersonErasure personErasure(org.springframework.jdbc.core.JdbcTemplate jdbc, org.springframework.transaction.PlatformTransactionManager tx,
                                    nl.herkomst.command.store.PersonKeys keys, org.axonframework.eventsourcing.eventstore.EventStore events,
                                    java.time.Clock clock, nl.herkomst.app.audit.Replays replays,
                                    @org.springframework.beans.factory.annotation.Value("${herkomst.support.pseudonym-key}") String pseudonymKey) {
            return new PersonErasure(jdbc, new org.springframework.transaction.support.TransactionTemplate(tx), keys, events, clock, replays,
                    new nl.herkomst.query.support.PersonPseudonym(pseudonymKey));
        }
    }

    /** The request attribute with the id of the erasure a request made. */
    public static final String ERASURE = "herkomst.erasure";

    private final PersonErasure erasure;

    public ErasureController(PersonErasure erasure) {
        this.erasure = erasure;
    }

    @Operation(summary = "Erase a person", description = "Removes every trace of the person's health content and identity: stored responses "
            + "and Bundles, read models, pending authorizations, tokens, access-log entries about or by them; destroys the key their events' "
            + "personal values are sealed with. Their events stay, unreadable where personal; a PersonErased event without personal data "
            + "records the erasure. For the person themselves (PERSON token of that subject) or ADMIN. Answers with what was removed; "
            + "erasing again, or an unknown person, removes nothing and answers the same way.")
    @DeleteMapping("/api/persons/{personId}")
    public Map<String, Object> erase(@PathVariable String personId, Authentication caller, jakarta.servlet.http.HttpServletRequest request) {
        PersonId person = new PersonId(personId);
        boolean admin = caller != null && caller.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
        boolean byAdmin = admin && !personId.equals(caller.getName());
        PersonErasure.Result r = erasure.erase(person, byAdmin ? "ADMIN" : "PERSON", byAdmin ? caller.getName() : null);
        request.setAttribute(ERASURE, r.erasureId()); // the access log names the erasure, not the person
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("erasureId", r.erasureId());
        body.put("erased", true);
        body.put("collections", r.collections());
        body.put("shares", r.shares());
        body.put("consents", r.consents());
        body.put("storedResponses", r.responses());
        body.put("readModelRows", r.readModelRows());
        body.put("accessLogEntries", r.accessLogEntries());
        body.put("kept", "the events, with every personal value unreadable, and one PersonErased event without personal data");
        return body;
    }
}
