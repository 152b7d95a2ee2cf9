package nl.herkomst.command.lists;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.herkomst.api.command.RecordListDownload;
import nl.herkomst.api.event.ListDownloadRejected;
import nl.herkomst.api.event.ListVersionAccepted;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of a list's history: a higher Volgnummer, no empty Whitelist over a non-empty one, nothing for the same bytes. */
class MedMijListTest {

    static final Instant T = Instant.parse("2026-12-03T10:00:00Z");
    static final String URL = "https://stelselnode.example.nl/MedMij_Whitelist.xml?api=1";

    AggregateTestFixture<MedMijList> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MedMijList.class);
    }

    static RecordListDownload valid(String list, String volgnummer, String sha, int entries) {
        return new RecordListDownload(list, URL, T, sha, 100, 200, null, List.of(), "1.1", volgnummer, "2026-12-03T09:00:00Z",
                Map.of("medmijnodes", entries), entries);
    }

    static ListVersionAccepted accepted(String list, String volgnummer, String sha, int entries) {
        return new ListVersionAccepted(list, "1.1", volgnummer, "2026-12-03T09:00:00Z", sha, 100, Map.of("medmijnodes", entries), URL, T);
    }

    @Test
    void theFirstValidDownloadIsAccepted() {
        fixture.givenNoPriorActivity()
                .when(valid("whitelist", "5", "a".repeat(64), 3))
                .expectEvents(accepted("whitelist", "5", "a".repeat(64), 3))
                .expectResultMessagePayload("ACCEPTED");
    }

    @Test
    void theSameBytesAgainRecordNothing() {
        fixture.given(accepted("whitelist", "5", "a".repeat(64), 3))
                .when(valid("whitelist", "5", "a".repeat(64), 3))
                .expectNoEvents()
                .expectResultMessagePayload("UNCHANGED");
    }

    @Test
    void aLowerOrEqualVolgnummerWithOtherBytesIsRejected() {
        fixture.given(accepted("whitelist", "5", "a".repeat(64), 3))
                .when(valid("whitelist", "4", "b".repeat(64), 3))
                .expectEvents(new ListDownloadRejected("whitelist", URL, "VOLGNUMMER_NOT_HIGHER",
                        List.of("Volgnummer 4 is not higher than the accepted 5"), "b".repeat(64), 200, "4", T))
                .expectResultMessagePayload("REJECTED:VOLGNUMMER_NOT_HIGHER\nVolgnummer 4 is not higher than the accepted 5");
        fixture.given(accepted("whitelist", "5", "a".repeat(64), 3))
                .when(valid("whitelist", "5", "b".repeat(64), 3))
                .expectEvents(new ListDownloadRejected("whitelist", URL, "VOLGNUMMER_NOT_HIGHER",
                        List.of("Volgnummer 5 is not higher than the accepted 5, yet the document differs from it"), "b".repeat(64), 200, "5", T));
    }

    @Test
    void anEmptyWhitelistNeverReplacesANonEmptyOne() {
        fixture.given(accepted("whitelist", "5", "a".repeat(64), 3))
                .when(valid("whitelist", "6", "b".repeat(64), 0))
                .expectEvents(new ListDownloadRejected("whitelist", URL, "EMPTY_WHITELIST",
                        List.of("an empty Whitelist never replaces one with 3 hosts"), "b".repeat(64), 200, "6", T))
                .expectResultMessagePayload("REJECTED:EMPTY_WHITELIST\nan empty Whitelist never replaces one with 3 hosts");
    }

    @Test
    void anEmptyZalMayFollowANonEmptyOne() {
        fixture.given(accepted("zal", "5", "a".repeat(64), 3))
                .when(valid("zal", "6", "b".repeat(64), 0))
                .expectEvents(accepted("zal", "6", "b".repeat(64), 0));
    }

    @Test
    void aHigherVolgnummerReplacesTheCurrentVersion() {
        fixture.given(accepted("whitelist", "5", "a".repeat(64), 3), new ListDownloadRejected("whitelist", URL, "HTTP_STATUS",
                        List.of("HTTP 503"), null, 503, null, T))
                .when(valid("whitelist", "123456789012345678901234567890", "b".repeat(64), 4))
                .expectEvents(accepted("whitelist", "123456789012345678901234567890", "b".repeat(64), 4));
    }

    @Test
    void aFailedDownloadIsRecordedWithItsReason() {
        RecordListDownload failed = new RecordListDownload("zal", URL, T, null, 0, null, "NETWORK", List.of("Connection refused"), null,
                null, null, null, 0);
        fixture.givenNoPriorActivity()
                .when(failed)
                .expectEvents(new ListDownloadRejected("zal", URL, "NETWORK", List.of("Connection refused"), null, null, null, T))
                .expectResultMessagePayload("REJECTED:NETWORK");
    }
}
