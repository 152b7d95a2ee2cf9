package nl.herkomst.command.consent;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import nl.herkomst.api.ConsentId;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusedException;
import nl.herkomst.api.command.GrantConsent;
import nl.herkomst.api.command.LapseConsent;
import nl.herkomst.api.command.RecordConsentUse;
import nl.herkomst.api.command.WithdrawConsent;
import nl.herkomst.api.event.ConsentGranted;
import nl.herkomst.api.event.ConsentLapsed;
import nl.herkomst.api.event.ConsentUsed;
import nl.herkomst.api.event.ConsentWithdrawn;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A long-term consent (MedMij 2.x, "langdurige toestemming"): granted with a refresh token, used by every
 * collection without the person, ended by the person's withdrawal or by lapsing (six months unused, refused
 * by the provider, superseded). Once ended it stays ended. It does no I/O: its refresh token is in the vault,
 * deleted by {@link ConsentTokens} when the consent ends.
 */
@Aggregate(type = "Consent")
public class Consent {

    enum Status { ACTIVE, WITHDRAWN, LAPSED }

    @AggregateIdentifier
    private ConsentId consentId;
    /** {@code null} once the person is erased. */
    private PersonId personId;
    private Status status;
    private String provider;
    private String gegevensdienst;
    private String scope;

    protected Consent() {
        // for Axon
    }

    @CommandHandler
    public Consent(GrantConsent c) {
        apply(new ConsentGranted(c.consentId(), c.personId(), c.collectionId(), c.provider(), c.providerDisplayName(), c.gegevensdienst(),
                c.gegevensdienstName(), c.gegevensdienstVersion(), c.scope(), c.at()));
    }

    @CommandHandler
    void handle(RecordConsentUse c) {
        if (status != Status.ACTIVE || personId == null) {
            throw new RefusedException(RefusedException.Kind.CONFLICT, "CONSENT_ENDED", "this consent has ended");
        }
        apply(new ConsentUsed(consentId, c.collectionId(), c.refreshTokenRotated(), c.at()));
    }

    /** Returns whether it was active (withdrawing an ended consent changes nothing). */
    @CommandHandler
    boolean handle(WithdrawConsent c) {
        if (personId == null || !personId.equals(c.personId())) {
            throw new RefusedException(RefusedException.Kind.NOT_FOUND, "CONSENT_NOT_FOUND", "no such consent");
        }
        if (status != Status.ACTIVE) {
            return false;
        }
        apply(new ConsentWithdrawn(consentId, c.by(), c.at()));
        return true;
    }

    @CommandHandler
    void handle(LapseConsent c) {
        if (status == Status.ACTIVE) {
            apply(new ConsentLapsed(consentId, c.reason(), c.error(), c.at()));
        }
    }

    public boolean active() {
        return status == Status.ACTIVE && personId != null;
    }

    public PersonId person() {
        return personId;
    }

    public String provider() {
        return provider;
    }

    public String gegevensdienst() {
        return gegevensdienst;
    }

    public String scope() {
        return scope;
    }

    @EventSourcingHandler
    void on(ConsentGranted e) {
        consentId = e.consentId();
        personId = e.personId();
        provider = e.provider();
        gegevensdienst = e.gegevensdienst();
        scope = e.scope();
        status = Status.ACTIVE;
    }

    @EventSourcingHandler
    void on(ConsentWithdrawn e) {
        status = Status.WITHDRAWN;
    }

    @EventSourcingHandler
    void on(ConsentLapsed e) {
        status = Status.LAPSED;
    }
}
