package nl.herkomst.command.collection;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.CollectionId;
import nl.herkomst.api.CollectionOutcome;
import nl.herkomst.api.FetchFailure;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.RefusalReason;
import nl.herkomst.api.command.CompleteCollection;
import nl.herkomst.api.command.GrantAuthorization;
import nl.herkomst.api.command.RecordFetchFailure;
import nl.herkomst.api.command.RecordPage;
import nl.herkomst.api.command.RecordQueryCompleted;
import nl.herkomst.api.command.RecordTokenExchangeFailed;
import nl.herkomst.api.command.RecordTokenGranted;
import nl.herkomst.api.command.RefuseAuthorization;
import nl.herkomst.api.event.AuthorizationGranted;
import nl.herkomst.api.event.AuthorizationRefused;
import nl.herkomst.api.event.CollectionCompleted;
import nl.herkomst.api.event.CollectionRequested;
import nl.herkomst.api.event.FetchFailed;
import nl.herkomst.api.event.QueryCompleted;
import nl.herkomst.api.event.ResourceReceived;
import nl.herkomst.api.event.ResponseReceived;
import nl.herkomst.api.event.TokenExchangeFailed;
import nl.herkomst.api.event.TokenGranted;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CollectionTest {

    static final CollectionId ID = new CollectionId("6f1c7c1e-2a57-4a3c-9d55-2f0f6d1a0b11");
    static final PersonId PERSON = new PersonId("person-1");
    static final Instant T = Instant.parse("2026-12-03T10:00:00Z");
    static final String Q1 = "Patient?_include=Patient:general-practitioner";
    static final String Q2 = "Flag";
    static final String SHA = "a".repeat(64);

    AggregateTestFixture<Collection> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Collection.class);
    }

    static CollectionRequested requested() {
        return new CollectionRequested(ID, PERSON, "sandbox@medmij", "sandbox@medmij", "48", "BgZ", "3.0", "MM-3.0.0-BZB-FHIR", "STU3",
                "https://as.example/authorize", "https://as.example/token", "https://rs.example/fhir", "pgo.example",
                "https://pgo.example/oauth/callback", "sandbox~48", "b".repeat(64), "corr-1", "req-1", List.of(Q1, Q2), "1", T, "1");
    }

    static RecordPage page(String query, int entries) {
        List<RecordPage.PageEntry> list = new java.util.ArrayList<>();
        for (int i = 0; i < entries; i++) {
            list.add(new RecordPage.PageEntry(i, "Patient", "p" + i, "1", List.of("http://example/profile"), "match"));
        }
        return new RecordPage(ID, query, 1, "https://rs.example/fhir/" + query, 200, "application/fhir+json", SHA, 100, "r", list, T);
    }

    @Test
    void aCodeGrantsAuthorizationOnce() {
        fixture.given(requested())
                .when(new GrantAuthorization(ID, T))
                .expectEvents(new AuthorizationGranted(ID, T));
        fixture.given(requested(), new AuthorizationGranted(ID, T))
                .when(new GrantAuthorization(ID, T))
                .expectException(IllegalStateException.class)
                .expectNoEvents();
    }

    @Test
    void aRefusalEndsTheCollectionAsRefused() {
        fixture.given(requested())
                .when(new RefuseAuthorization(ID, RefusalReason.NO_SUCH_RESOURCES, "access_denied", "No such resources.", T))
                .expectEvents(new AuthorizationRefused(ID, PERSON, RefusalReason.NO_SUCH_RESOURCES, "access_denied", "No such resources.", T),
                        new CollectionCompleted(ID, PERSON, CollectionOutcome.REFUSED, 0, 0, 0, "authorization refused: NO_SUCH_RESOURCES (access_denied: No such resources.)", T));
    }

    @Test
    void aTokenIsOnlyAcceptedAfterAuthorization() {
        fixture.given(requested())
                .when(new RecordTokenGranted(ID, "vault:x", T.plusSeconds(900), "sandbox~48", false, T))
                .expectException(IllegalStateException.class);
        fixture.given(requested(), new AuthorizationGranted(ID, T))
                .when(new RecordTokenGranted(ID, "vault:x", T.plusSeconds(900), "sandbox~48", false, T))
                .expectEvents(new TokenGranted(ID, "vault:x", T.plusSeconds(900), "sandbox~48", false, T));
    }

    @Test
    void aFailedTokenExchangeEndsTheCollectionAsFailed() {
        fixture.given(requested(), new AuthorizationGranted(ID, T))
                .when(new RecordTokenExchangeFailed(ID, 400, "invalid_grant", null, T))
                .expectEvents(new TokenExchangeFailed(ID, PERSON, 400, "invalid_grant", null, T),
                        new CollectionCompleted(ID, PERSON, CollectionOutcome.FAILED, 0, 0, 0, "token exchange failed: invalid_grant", T));
    }

    @Test
    void aPageBecomesOneResponseAndOneEventPerResource() {
        fixture.given(requested(), new AuthorizationGranted(ID, T), new TokenGranted(ID, "vault:x", T, "s", false, T))
                .when(page(Q1, 2))
                .expectEvents(
                        new ResponseReceived(ID, Q1, 1, "https://rs.example/fhir/" + Q1, 200, "application/fhir+json", SHA, 100, "r", T),
                        new ResourceReceived(ID, PERSON, Q1, 1, SHA, 0, "Patient", "p0", "1", List.of("http://example/profile"), "match", "STU3", T),
                        new ResourceReceived(ID, PERSON, Q1, 1, SHA, 1, "Patient", "p1", "1", List.of("http://example/profile"), "match", "STU3", T));
    }

    @Test
    void aQueryOutsideTheGegevensdienstIsRefused() {
        fixture.given(requested(), new AuthorizationGranted(ID, T), new TokenGranted(ID, "vault:x", T, "s", false, T))
                .when(page("Observation?patient=123", 1))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void allQueriesSucceedingWithDataIsCompleted() {
        fixture.given(requested(), new AuthorizationGranted(ID, T), new TokenGranted(ID, "vault:x", T, "s", false, T),
                        new ResourceReceived(ID, PERSON, Q1, 1, SHA, 0, "Patient", "p0", null, List.of(), "match", "STU3", T),
                        new QueryCompleted(ID, PERSON, Q1, 1, 1, List.of(), T), new QueryCompleted(ID, PERSON, Q2, 0, 1, List.of(), T))
                .when(new CompleteCollection(ID, null, T))
                .expectEvents(new CollectionCompleted(ID, PERSON, CollectionOutcome.COMPLETED, 1, 2, 0, null, T));
    }

    @Test
    void anEmptySearchsetEverywhereIsNoData() {
        fixture.given(requested(), new AuthorizationGranted(ID, T), new TokenGranted(ID, "vault:x", T, "s", false, T),
                        new QueryCompleted(ID, PERSON, Q1, 0, 1, List.of(), T), new QueryCompleted(ID, PERSON, Q2, 0, 1, List.of(), T))
                .when(new CompleteCollection(ID, null, T))
                .expectEvents(new CollectionCompleted(ID, PERSON, CollectionOutcome.NO_DATA, 0, 2, 0, null, T));
    }

    @Test
    void oneFailedQueryMakesItPartial() {
        fixture.given(requested(), new AuthorizationGranted(ID, T), new TokenGranted(ID, "vault:x", T, "s", false, T),
                        new ResourceReceived(ID, PERSON, Q1, 1, SHA, 0, "Patient", "p0", null, List.of(), "match", "STU3", T),
                        new QueryCompleted(ID, PERSON, Q1, 1, 1, List.of(), T))
                .when(new RecordFetchFailure(ID, Q2, 1, "https://rs.example/fhir/Flag", 500, "application/fhir+json", FetchFailure.HTTP_ERROR,
                        "HTTP 500", List.of(new OperationOutcomeIssue("error", "exception", "boom")), SHA, 10, "r2", T))
                .expectEvents(new FetchFailed(ID, PERSON, Q2, 1, "https://rs.example/fhir/Flag", 500, FetchFailure.HTTP_ERROR, "HTTP 500",
                        List.of(new OperationOutcomeIssue("error", "exception", "boom")), SHA, "r2", T));
        fixture.given(requested(), new AuthorizationGranted(ID, T), new TokenGranted(ID, "vault:x", T, "s", false, T),
                        new ResourceReceived(ID, PERSON, Q1, 1, SHA, 0, "Patient", "p0", null, List.of(), "match", "STU3", T),
                        new QueryCompleted(ID, PERSON, Q1, 1, 1, List.of(), T),
                        new FetchFailed(ID, PERSON, Q2, 1, "u", 500, FetchFailure.HTTP_ERROR, "HTTP 500", List.of(), SHA, "r2", T))
                .when(new CompleteCollection(ID, null, T))
                .expectEvents(new CollectionCompleted(ID, PERSON, CollectionOutcome.PARTIAL, 1, 1, 1, null, T));
    }

    @Test
    void aFailedQueryCannotLaterBeReportedAsComplete() {
        fixture.given(requested(), new AuthorizationGranted(ID, T), new TokenGranted(ID, "vault:x", T, "s", false, T),
                        new FetchFailed(ID, PERSON, Q2, 2, "u", null, FetchFailure.TIMEOUT, "no answer", List.of(), null, "r2", T))
                .when(new RecordQueryCompleted(ID, Q2, List.of(), T))
                .expectException(IllegalStateException.class);
    }

    @Test
    void aCollectionThatNeverGotATokenEndsFailedAndCompletionIsIdempotent() {
        fixture.given(requested(), new AuthorizationGranted(ID, T))
                .when(new CompleteCollection(ID, "access token no longer available", T))
                .expectEvents(new CollectionCompleted(ID, PERSON, CollectionOutcome.FAILED, 0, 0, 2, "access token no longer available", T));
        fixture.given(requested(), new CollectionCompleted(ID, PERSON, CollectionOutcome.FAILED, 0, 0, 2, "x", T))
                .when(new CompleteCollection(ID, null, T))
                .expectNoEvents();
    }

    @Test
    void queriesThatNeverFinishedCountAsFailed() {
        fixture.given(requested(), new AuthorizationGranted(ID, T), new TokenGranted(ID, "vault:x", T, "s", false, T),
                        new QueryCompleted(ID, PERSON, Q1, 0, 1, List.of(), T))
                .when(new CompleteCollection(ID, null, T))
                .expectEvents(new CollectionCompleted(ID, PERSON, CollectionOutcome.PARTIAL, 0, 1, 1, "1 queries did not finish", T));
    }
}
