package nl.herkomst.command.share;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.List;
import nl.herkomst.api.OperationOutcomeIssue;
import nl.herkomst.api.RefusalReason;
import nl.herkomst.api.PersonId;
import nl.herkomst.api.ShareId;
import nl.herkomst.api.command.RecordShareFailure;
import nl.herkomst.api.command.RecordShareResult;
import nl.herkomst.api.command.RecordShareTokenGranted;
import nl.herkomst.api.command.StartSending;
import nl.herkomst.api.event.BundleSending;
import nl.herkomst.api.event.DataShared;
import nl.herkomst.api.event.ShareAuthorizationGranted;
import nl.herkomst.api.event.ShareAuthorizationRefused;
import nl.herkomst.api.event.ShareFailed;
import nl.herkomst.api.event.ShareRequested;
import nl.herkomst.api.event.ShareTokenGranted;
import nl.herkomst.api.share.EntryResult;
import nl.herkomst.api.share.ShareFailure;
import nl.herkomst.api.share.ShareStage;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One share (Delen): one Bundle, one provider. It guards the order of the steps (authorization, token, one
 * POST, its outcome) and that the Bundle is sent at most once. It does no I/O: {@link ShareProcess} talks to
 * the provider and reports back with commands.
 */
@Aggregate(type = "Share")
public class Share {

    enum Stage { REQUESTED, AUTHORIZED, TOKEN, SENDING, ENDED }

    @AggregateIdentifier
    private ShareId shareId;
    /** {@code null} once the person is erased (their key is gone): the share then only ends. */
    private PersonId personId;
    private Stage stage;

    protected Share() {
        // for Axon
    }

    /** Called by {@link ShareCommandHandler}; an invalid Bundle ends the share at once, unsent. */
    Share(ShareRequested requested, List<OperationOutcomeIssue> validationErrors) {
        apply(requested);
        if (!requested.valid()) {
            apply(new ShareFailed(requested.shareId(), requested.personId(), ShareStage.VALIDATION, ShareFailure.BUNDLE_INVALID, null, "bundle_invalid",
                    "the Bundle did not pass validation and was not sent (" + requested.validationErrors() + " errors)",
                    validationErrors, null, requested.requestedAt()));
        }
    }

    /** The callback carried a code (called by the callback handler, which owns the state lookup). */
    public void grant(Instant at) {
        requireStage(Stage.REQUESTED, "the authorization of this share has already been handled");
        apply(new ShareAuthorizationGranted(shareId, at));
    }

    /** The callback carried an error. */
    public void refuse(RefusalReason reason, String error, String description, Instant at) {
        requireStage(Stage.REQUESTED, "the authorization of this share has already been handled");
        apply(new ShareAuthorizationRefused(shareId, personId, reason, error, description, at));
        apply(new ShareFailed(shareId, personId, ShareStage.AUTHORIZATION, ShareFailure.AUTHORIZATION_REFUSED, null, error,
                "authorization refused: " + reason + (description == null ? "" : " (" + description + ")"), List.of(), null, at));
    }

    @CommandHandler
    void handle(RecordShareTokenGranted c) {
        requireStage(Stage.AUTHORIZED, "a token can only be granted once, after authorization");
        apply(new ShareTokenGranted(shareId, c.tokenReference(), c.expiresAt(), c.grantedScope(), c.refreshTokenIssued(), c.grantedAt()));
    }

    @CommandHandler
    void handle(StartSending c) {
        requireStage(Stage.TOKEN, "the Bundle of a share is sent once, after the token");
        if (personId == null) {
            throw new IllegalStateException("the person of this share was erased: their Bundle is not sent");
        }
        apply(new BundleSending(shareId, c.url(), c.requestId(), c.at()));
    }

    @CommandHandler
    void handle(RecordShareResult c) {
        requireStage(Stage.SENDING, "a result is recorded once, for a Bundle that was sent");
        List<EntryResult> entries = c.entries() == null ? List.of() : List.copyOf(c.entries());
        int accepted = (int) entries.stream().filter(e -> e.status() != null && e.status().trim().startsWith("2")).count();
        apply(new DataShared(shareId, personId, c.httpStatus(), c.contentType(), c.responseSha256(), c.responseSize(), entries,
                c.assigned() == null ? List.of() : List.copyOf(c.assigned()), c.issues() == null ? List.of() : List.copyOf(c.issues()),
                accepted, entries.size() - accepted, c.at()));
    }

    @CommandHandler
    void handle(RecordShareFailure c) {
        if (stage == Stage.ENDED) {
            throw new IllegalStateException("this share has already ended");
        }
        if (c.stage() == ShareStage.TOKEN) {
            requireStage(Stage.AUTHORIZED, "the token exchange can only fail after authorization");
        }
        if (c.stage() == ShareStage.SEND && stage != Stage.SENDING && stage != Stage.TOKEN) {
            throw new IllegalStateException("sending can only fail once a token was granted");
        }
        apply(new ShareFailed(shareId, personId, c.stage(), c.failure(), c.httpStatus(), c.error(), c.message(),
                c.issues() == null ? List.of() : List.copyOf(c.issues()), c.responseSha256(), c.at()));
    }

    boolean ended() {
        return stage == Stage.ENDED;
    }

    private void requireStage(Stage expected, String message) {
        if (stage != expected) {
            throw new IllegalStateException(message);
        }
    }

    @EventSourcingHandler
    void on(ShareRequested e) {
        shareId = e.shareId();
        personId = e.personId();
        stage = Stage.REQUESTED;
    }

    @EventSourcingHandler
    void on(ShareAuthorizationGranted e) {
        stage = Stage.AUTHORIZED;
    }

    @EventSourcingHandler
    void on(ShareTokenGranted e) {
        stage = Stage.TOKEN;
    }

    @EventSourcingHandler
    void on(BundleSending e) {
        stage = Stage.SENDING;
    }

    @EventSourcingHandler
    void on(DataShared e) {
        stage = Stage.ENDED;
    }

    @EventSourcingHandler
    void on(ShareFailed e) {
        stage = Stage.ENDED;
    }
}
