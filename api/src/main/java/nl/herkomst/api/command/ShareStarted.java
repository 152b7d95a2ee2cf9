package nl.herkomst.api.command;

import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.ShareId;

/** The answer to RequestShare: where to send the browser, or (invalid) why the Bundle will not be sent. */
public record ShareStarted(ShareId shareId, boolean valid, String authorizationUrl, List<OperationOutcomeIssue> problems) {
}
