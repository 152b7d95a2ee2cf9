package nl.herkomst.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeCodeTest {

    static List<OperationOutcomeIssue> issue(String code) {
        return List.of(new OperationOutcomeIssue("error", code, "x"));
    }

    @Test
    void failuresAreClassifiedAsTheQualificationAsks() {
        assertEquals(OutcomeCode.UNSUPPORTED, OutcomeCode.ofFailure(1, 404, FetchFailure.HTTP_ERROR, List.of()));
        assertEquals(OutcomeCode.UNSUPPORTED, OutcomeCode.ofFailure(1, 400, FetchFailure.HTTP_ERROR, issue("not-supported")));
        assertEquals(OutcomeCode.UNSUPPORTED, OutcomeCode.ofFailure(1, 422, FetchFailure.HTTP_ERROR, issue("not-found")));
        assertEquals(OutcomeCode.TECHNICAL_ERROR, OutcomeCode.ofFailure(1, 400, FetchFailure.HTTP_ERROR, issue("invalid")));
        assertEquals(OutcomeCode.TECHNICAL_ERROR, OutcomeCode.ofFailure(1, 500, FetchFailure.HTTP_ERROR, issue("not-supported")));
        assertEquals(OutcomeCode.TECHNICAL_ERROR, OutcomeCode.ofFailure(1, null, FetchFailure.TIMEOUT, List.of()));
        assertEquals(OutcomeCode.TECHNICAL_ERROR, OutcomeCode.ofFailure(1, 200, FetchFailure.UNPARSABLE, List.of()));
        assertEquals(OutcomeCode.TOKEN_EXPIRED, OutcomeCode.ofFailure(1, 401, FetchFailure.HTTP_ERROR, issue("security")));
        assertEquals(OutcomeCode.TOKEN_EXPIRED, OutcomeCode.ofFailure(1, null, FetchFailure.NO_TOKEN, List.of()));
        assertEquals(OutcomeCode.INCOMPLETE, OutcomeCode.ofFailure(2, 500, FetchFailure.HTTP_ERROR, List.of()), "never reported as DATA");
    }

    @Test
    void refusalsFollowTheMedMijExceptionTable() {
        assertEquals(OutcomeCode.NO_DATA, OutcomeCode.ofRefusal(RefusalReason.of("access_denied", "No such resources.")));
        assertEquals(OutcomeCode.CONSENT_REFUSED, OutcomeCode.ofRefusal(RefusalReason.of("access_denied", "Authorization denied.")));
        assertEquals(OutcomeCode.AUTHORIZATION_FAILED, OutcomeCode.ofRefusal(RefusalReason.of("access_denied", "Authorization failed.")));
        assertEquals(OutcomeCode.AUTHORIZATION_FAILED, OutcomeCode.ofRefusal(RefusalReason.of("unauthorized_client", null)));
        assertEquals(OutcomeCode.AUTHORIZATION_FAILED, OutcomeCode.ofRefusal(RefusalReason.of("invalid_request", "bad")));
    }

    @Test
    void identifiersRefuseWhatTheyMustNotHold() {
        assertThrows(IllegalArgumentException.class, () -> new PersonId("123456789"), "a BSN is never a person id");
        assertThrows(IllegalArgumentException.class, () -> new PersonId("../x"));
        assertThrows(IllegalArgumentException.class, () -> new CollectionId("not-a-uuid"));
    }
}
