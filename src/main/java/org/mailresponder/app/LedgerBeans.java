package org.mailresponder.app;

import java.nio.file.Path;
import java.time.ZoneId;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.config.SendMethod;
import org.mailresponder.database.DatabaseSetup;
import org.mailresponder.ratelimit.AnswerClaims;
import org.mailresponder.ratelimit.ClaimedAnswers;
import org.mailresponder.ratelimit.OverLimitNotice;
import org.mailresponder.ratelimit.RecipientBounds;
import org.mailresponder.ratelimit.RequestLedger;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.report.RequestOutcomes;

import static org.mailresponder.camel.ContextResources.closeOnStop;
import static org.mailresponder.camel.ContextResources.onStart;

/** A request's decision, recorded once, and the claims that make every answer go out at most once. */
public class LedgerBeans {

    /**
     * The ledger has a pool of its own, out of auto-commit ({@link DatabaseSetup#transactionPool}), with a
     * connection for every worker and for the two callers outside the pool (the mailbox consumer, an admin command).
     */
    @BindToRegistry("requestLedger")
    public RequestLedger requestLedger(HikariDataSource dataSource, SenderLimits senderLimits, RecipientBounds bounds,
                                       @PropertyInject("responder.delivery.method") String deliveryMethod,
                                       @PropertyInject("responder.node-id") String nodeId,
                                       @PropertyInject("responder.maildir") String maildir,
                                       @PropertyInject("responder.over-limit-notice.enabled") boolean notice,
                                       @PropertyInject("responder.workers") int workers,
                                       CamelContext context) {
        HikariDataSource ledgerPool = closeOnStop(context,
                DatabaseSetup.transactionPool(dataSource, "responder-ledger", workers + 2));
        return new RequestLedger(ledgerPool, senderLimits, bounds, SendMethod.parse(deliveryMethod),
                node(nodeId, maildir), LimitBeans.limitsClock(context), notice);
    }

    /**
     * The start-up check of this node's unconfirmed claims runs as the context starts, before any route takes a
     * request; queued hand-off confirmations are written when it stops, before the pool closes.
     */
    @BindToRegistry("answerClaims")
    public AnswerClaims answerClaims(CamelContext camelContext, DataSource dataSource, DeliveryMethods deliveryMethods,
                                     RequestOutcomes outcomes,
                                     @PropertyInject("responder.node-id") String nodeId,
                                     @PropertyInject("responder.maildir") String maildir,
                                     @PropertyInject("responder.outbox") String outbox) {
        AnswerClaims claims = new AnswerClaims(dataSource, deliveryMethods, node(nodeId, maildir));
        onStart(camelContext, () -> outcomes.claimsRecovered(claims.recover(Path.of(outbox))));
        closeOnStop(camelContext, claims::flush);
        return claims;
    }

    @BindToRegistry("claimedAnswers")
    public ClaimedAnswers claimedAnswers(AnswerComposer composer, AnswerClaims answerClaims,
                                         @PropertyInject("responder.over-limit-notice.enabled") boolean enabled,
                                         @PropertyInject("responder.over-limit-notice.subject") String subject,
                                         @PropertyInject("responder.over-limit-notice.text") String text,
                                         @PropertyInject("responder.rate-limit.daily-limit") int dailyLimit,
                                         @PropertyInject("responder.rate-limit.zone") String zone) {
        OverLimitNotice notice = enabled ? OverLimitNotice.of(subject, text, dailyLimit, ZoneId.of(zone.strip())) : null;
        return new ClaimedAnswers(composer, answerClaims, notice);
    }

    private static String node(String nodeId, String maildir) {
        return nodeId.isBlank() ? AnswerClaims.defaultNode(Path.of(maildir)) : nodeId.strip();
    }
}
