package nl.herkomst.query.consent;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.herkomst.api.ConsentId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.WithdrawConsent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The person's long-term consents: list them, withdraw one (MedMij: the PGO offers viewing and withdrawing them). */
@RestController
@RequestMapping("/api/persons/{personId}/consents")
public class ConsentController {

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final Clock clock;

    public ConsentController(JdbcTemplate jdbc, CommandGateway commands, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    @Operation(summary = "The person's long-term consents", description = "Given when the person chose long-term consent at the provider "
            + "(the provider then gives a refresh token): the PGO collects again without them, every herkomst.consent.recollect-every, "
            + "until the consent is withdrawn or lapses (unused for herkomst.consent.lapse-after, six months; refused by the provider; superseded).")
    @GetMapping
    public Map<String, Object> list(@PathVariable String personId) {
        PersonId person = new PersonId(personId);
        return Map.of("consents", jdbc.query("select * from consent_status where person_id = ? order by granted_at desc",
                (rs, i) -> row(rs), person.value()));
    }

    @Operation(summary = "One consent")
    @GetMapping("/{consentId}")
    public Map<String, Object> one(@PathVariable String personId, @PathVariable String consentId) {
        PersonId person = new PersonId(personId);
        ConsentId id = new ConsentId(consentId);
        List<Map<String, Object>> found = jdbc.query("select * from consent_status where person_id = ? and consent_id = ?",
                (rs, i) -> row(rs), person.value(), id.value());
        if (found.isEmpty()) {
            throw new RefusedException(RefusedException.Kind.NOT_FOUND, "CONSENT_NOT_FOUND", "no such consent");
        }
        return found.get(0);
    }

    @Operation(summary = "Withdraw a consent", description = "Ends it in the PGO at once: its refresh token is deleted and nothing more is "
            + "collected with it. (Withdrawing it at the provider as well is done there: \"Toestemmingen aanpassen\".) Withdrawing an ended "
            + "consent changes nothing.")
    @DeleteMapping("/{consentId}")
    public Map<String, Object> withdraw(@PathVariable String personId, @PathVariable String consentId) {
        PersonId person = new PersonId(personId);
        ConsentId id = new ConsentId(consentId);
        Integer known = jdbc.queryForObject("select count(*) from consent_status where person_id = ? and consent_id = ?", Integer.class,
                person.value(), id.value());
        if (known == null || known == 0) {
            throw new RefusedException(RefusedException.Kind.NOT_FOUND, "CONSENT_NOT_FOUND", "no such consent");
        }
        Boolean changed;
        try {
            changed = commands.sendAndWait(new WithdrawConsent(id, person, "PERSON", clock.instant()));
        } catch (org.axonframework.modelling.command.AggregateNotFoundException e) {
            throw new RefusedException(RefusedException.Kind.NOT_FOUND, "CONSENT_NOT_FOUND", "no such consent");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("consentId", id.value());
        body.put("status", "WITHDRAWN");
        body.put("changed", Boolean.TRUE.equals(changed));
        return body;
    }

    private static Map<String, Object> row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("consentId", rs.getString("consent_id"));
        m.put("provider", rs.getString("provider"));
        m.put("providerDisplayName", rs.getString("provider_display_name"));
        m.put("gegevensdienst", rs.getString("gegevensdienst"));
        m.put("gegevensdienstName", rs.getString("gegevensdienst_name"));
        m.put("gegevensdienstVersion", rs.getString("gegevensdienst_version"));
        m.put("status", rs.getString("status"));
        m.put("grantedWith", rs.getString("granted_with"));
        m.put("grantedAt", instant(rs.getTimestamp("granted_at")));
        m.put("lastUsedAt", instant(rs.getTimestamp("last_used_at")));
        m.put("lastCollectionId", rs.getString("last_collection_id"));
        m.put("collections", rs.getInt("collections"));
        m.put("endedAt", instant(rs.getTimestamp("ended_at")));
        m.put("endReason", rs.getString("end_reason"));
        m.put("endError", rs.getString("end_error"));
        return m;
    }

    private static String instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }
}
