package nl.herkomst.query.consent;

import java.sql.Timestamp;
import nl.herkomst.api.event.ConsentGranted;
import nl.herkomst.api.event.ConsentLapsed;
import nl.herkomst.api.event.ConsentUsed;
import nl.herkomst.api.event.ConsentWithdrawn;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/** A person's long-term consents as a read model: with whom, for which gegevensdienst, since when, last used, how it ended. */
@ProcessingGroup(ConsentProjection.PROCESSING_GROUP)
public class ConsentProjection {

    public static final String PROCESSING_GROUP = "consents";

    private final JdbcTemplate jdbc;

    public ConsentProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ConsentGranted e) {
        if (e.personId() == null) {
            return; // the person was erased
        }
        jdbc.update("""
                insert into consent_status (consent_id, person_id, provider, provider_display_name, gegevensdienst, gegevensdienst_name,
                    gegevensdienst_version, scope, status, granted_with, granted_at, last_used_at, last_collection_id, collections)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, 1) on conflict (consent_id) do nothing""",
                e.consentId().value(), e.personId().value(), e.provider(), e.providerDisplayName(), e.gegevensdienst(), e.gegevensdienstName(),
                e.gegevensdienstVersion(), e.scope(), e.collectionId().value(), ts(e), ts(e), e.collectionId().value());
    }

    @EventHandler
    void on(ConsentUsed e) {
        jdbc.update("update consent_status set last_used_at = greatest(last_used_at, ?), last_collection_id = ?, collections = collections + 1 "
                + "where consent_id = ?", Timestamp.from(e.usedAt()), e.collectionId().value(), e.consentId().value());
    }

    @EventHandler
    void on(ConsentWithdrawn e) {
        jdbc.update("update consent_status set status = 'WITHDRAWN', ended_at = ?, end_reason = ? where consent_id = ? and status = 'ACTIVE'",
                Timestamp.from(e.withdrawnAt()), "WITHDRAWN_BY_" + e.withdrawnBy(), e.consentId().value());
    }

    @EventHandler
    void on(ConsentLapsed e) {
        jdbc.update("update consent_status set status = 'LAPSED', ended_at = ?, end_reason = ?, end_error = ? where consent_id = ? and status = 'ACTIVE'",
                Timestamp.from(e.lapsedAt()), e.reason(), e.error() == null ? null : e.error().substring(0, Math.min(100, e.error().length())),
                e.consentId().value());
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from consent_status");
    }

    private static Timestamp ts(ConsentGranted e) {
        return Timestamp.from(e.grantedAt());
    }
}
