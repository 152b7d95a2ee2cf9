package nl.herkomst.command.consent;

import java.time.Instant;
import nl.herkomst.api.CollectionId;
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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A consent's life: granted, used, withdrawn by its own person only, lapsed; once ended it stays ended. */
class ConsentTest {

    static final ConsentId ID = new ConsentId("4b8f8f2e-9d0a-4a53-9a57-0d1c1a3f7e10");
    static final CollectionId FIRST = new CollectionId("6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b11");
    static final CollectionId LATER = new CollectionId("6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b12");
    static final PersonId ANNA = new PersonId("anna");
    static final Instant T = Instant.parse("2026-12-03T10:00:00Z");
    static final ConsentGranted GRANTED = new ConsentGranted(ID, ANNA, FIRST, "sandbox@medmij", "Sandbox", "48", "BgZ", "3.0",
            "sandbox~48", T);

    AggregateTestFixture<Consent> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Consent.class);
    }

    @Test
    void grantedThenUsed() {
        fixture.givenNoPriorActivity()
                .when(new GrantConsent(ID, ANNA, FIRST, "sandbox@medmij", "Sandbox", "48", "BgZ", "3.0", "sandbox~48", T))
                .expectEvents(GRANTED);
        fixture.given(GRANTED).when(new RecordConsentUse(ID, LATER, true, T.plusSeconds(60)))
                .expectEvents(new ConsentUsed(ID, LATER, true, T.plusSeconds(60)));
    }

    @Test
    void onlyItsOwnPersonWithdrawsItAndOnlyOnce() {
        fixture.given(GRANTED).when(new WithdrawConsent(ID, new PersonId("mallory"), "PERSON", T))
                .expectException(RefusedException.class).expectNoEvents();
        fixture.given(GRANTED).when(new WithdrawConsent(ID, ANNA, "PERSON", T))
                .expectEvents(new ConsentWithdrawn(ID, "PERSON", T)).expectResultMessagePayload(true);
        fixture.given(GRANTED, new ConsentWithdrawn(ID, "PERSON", T)).when(new WithdrawConsent(ID, ANNA, "PERSON", T.plusSeconds(1)))
                .expectNoEvents().expectResultMessagePayload(false);
    }

    @Test
    void anEndedConsentIsNeverUsedAndLapsesOnlyOnce() {
        fixture.given(GRANTED, new ConsentLapsed(ID, "NOT_USED", null, T)).when(new RecordConsentUse(ID, LATER, false, T))
                .expectException(RefusedException.class).expectNoEvents();
        fixture.given(GRANTED, new ConsentWithdrawn(ID, "PERSON", T)).when(new LapseConsent(ID, "NOT_USED", null, T))
                .expectNoEvents();
        fixture.given(GRANTED).when(new LapseConsent(ID, "REFUSED_BY_PROVIDER", "invalid_grant", T))
                .expectEvents(new ConsentLapsed(ID, "REFUSED_BY_PROVIDER", "invalid_grant", T));
    }

    @Test
    void theConsentOfAnErasedPersonCanNeitherBeUsedNorWithdrawn() {
        ConsentGranted erased = new ConsentGranted(ID, null, FIRST, "sandbox@medmij", "Sandbox", "48", "BgZ", "3.0", "sandbox~48", T);
        fixture.given(erased).when(new RecordConsentUse(ID, LATER, false, T)).expectException(RefusedException.class);
        fixture.given(erased).when(new WithdrawConsent(ID, ANNA, "PERSON", T)).expectException(RefusedException.class);
    }
}
