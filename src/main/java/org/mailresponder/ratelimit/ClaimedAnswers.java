package org.mailresponder.ratelimit;

import java.sql.SQLException;

import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.inbound.Verdict;

/**
 * Composes the mails a decision has claimed. A mail that cannot be composed (an attachment that is unavailable for
 * now) gives its claim back before the failure goes on, so the request's retry claims and sends it.
 */
public class ClaimedAnswers {

    private final AnswerComposer composer;
    private final AnswerClaims claims;
    private final OverLimitNotice notice;

    /** @param notice the over-limit notice's words, or null when notices are off */
    public ClaimedAnswers(AnswerComposer composer, AnswerClaims claims, OverLimitNotice notice) {
        this.composer = composer;
        this.claims = claims;
        this.notice = notice;
    }

    public OutgoingMail answer(InboundRequest request, ConfigEntry entry, String configVersion)
            throws MalformedRequestException {
        try {
            return composer.compose(request, entry, configVersion);
        } catch (RuntimeException | MalformedRequestException e) {
            release(request, entry.index(), e);
            throw e;
        }
    }

    public OutgoingMail forward(InboundRequest request, Verdict verdict) {
        try {
            return composer.composeForward(request, verdict);
        } catch (RuntimeException e) {
            release(request, OutgoingMail.Kind.FORWARD.claimEntry(), e);
            throw e;
        }
    }

    /** The over-limit notice the ledger claimed for this request. */
    public OutgoingMail notice(InboundRequest request) throws MalformedRequestException {
        if (notice == null) {
            throw new IllegalStateException("an over-limit notice was claimed while notices are off");
        }
        try {
            return composer.composeNotice(request, notice.subject(), notice.text());
        } catch (RuntimeException | MalformedRequestException e) {
            release(request, OutgoingMail.Kind.NOTICE.claimEntry(), e);
            throw e;
        }
    }

    /** The composing failure is what goes on (it decides retry or failed/); a failed release rides along. */
    private void release(InboundRequest request, int entry, Exception failure) {
        try {
            claims.release(request.requestId(), entry);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
