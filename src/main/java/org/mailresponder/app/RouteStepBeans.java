package org.mailresponder.app;

import static org.mailresponder.camel.TypedStep.property;

import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.mailresponder.camel.MaildirFilter;
import org.mailresponder.camel.TypedStep;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.dkim.AnswerSigner;
import org.mailresponder.inbound.AnswerPlan;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.Outcome;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.ratelimit.AnswerClaims;
import org.mailresponder.ratelimit.ClaimedAnswers;
import org.mailresponder.ratelimit.LimitDecision;
import org.mailresponder.ratelimit.RequestLedger;
import org.mailresponder.report.RequestOutcomes;
import org.mailresponder.screen.RequestIntake;

/**
 * The steps every answered request takes (ingest.yaml, respond.yaml, rate-limit.yaml, deliver.yaml), named here and called as
 * typed Java: each runs thousands of times a second under load, where a {@code method:} call with arguments parses
 * them and binds the bean by reflection every time. The exchange properties they read are the ones the routes set.
 */
public class RouteStepBeans {

    // --- ingest.yaml: ingest-maildir ----------------------------------------------------------------------------

    /** The request file's bytes, read on the worker without following links and never past the size limit. */
    @BindToRegistry("maildirRequest")
    public Expression maildirRequest(MaildirFilter maildirFiles) {
        return TypedStep.expression("maildirRequest", exchange -> maildirFiles.read(
                exchange.getMessage().getHeader("CamelFileAbsolutePath", String.class)));
    }

    // --- respond.yaml: process-request -------------------------------------------------------------------------

    @BindToRegistry("processingStart")
    public Expression processingStart(RequestOutcomes outcomes) {
        return TypedStep.expression("processingStart", exchange -> outcomes.start());
    }

    /** The request parsed from the raw bytes in the body. */
    @BindToRegistry("parsedRequest")
    public Expression parsedRequest(RequestIntake intake) {
        return TypedStep.expression("parsedRequest",
                exchange -> intake.parse(exchange.getMessage().getBody(byte[].class)));
    }

    @BindToRegistry("screenVerdict")
    public Expression screenVerdict(RequestIntake intake) {
        return TypedStep.expression("screenVerdict", exchange -> intake.screen(request(exchange)));
    }

    @BindToRegistry("forwardVerdict")
    public Predicate forwardVerdict() {
        return disposition("forwardVerdict", Verdict.Disposition.FORWARD);
    }

    @BindToRegistry("rejectVerdict")
    public Predicate rejectVerdict() {
        return disposition("rejectVerdict", Verdict.Disposition.REJECT);
    }

    @BindToRegistry("failVerdict")
    public Predicate failVerdict() {
        return disposition("failVerdict", Verdict.Disposition.FAIL);
    }

    // --- rate-limit.yaml ---------------------------------------------------------------------------------------

    @BindToRegistry("answerPlan")
    public Expression answerPlan(RequestIntake intake) {
        return TypedStep.expression("answerPlan", exchange -> intake.plan(request(exchange)));
    }

    @BindToRegistry("limitDecision")
    public Expression limitDecision(RequestLedger requestLedger) {
        return TypedStep.expression("limitDecision", exchange -> requestLedger.decide(request(exchange),
                property(exchange, "plan", AnswerPlan.class)));
    }

    @BindToRegistry("decisionReported")
    public Expression decisionReported() {
        return TypedStep.expression("decisionReported", exchange -> decision(exchange).reported());
    }

    @BindToRegistry("decisionDetail")
    public Expression decisionDetail() {
        return TypedStep.expression("decisionDetail", exchange -> decision(exchange).detail());
    }

    // --- respond.yaml: answer-request and send-claimed ---------------------------------------------------------

    /** The ledger let the request be answered: its claimed entries are composed and sent. */
    @BindToRegistry("answeredDecision")
    public Predicate answeredDecision() {
        return TypedStep.predicate("answeredDecision", exchange -> decision(exchange).outcome() == Outcome.ANSWERED);
    }

    /** The config entries the decision claimed, in config order (what the split sends one by one). */
    @BindToRegistry("claimedEntries")
    public Expression claimedEntries() {
        return TypedStep.expression("claimedEntries", exchange -> decision(exchange).entries());
    }

    /** The ledger claimed the day's over-limit notice for this (rate-limited) request. */
    @BindToRegistry("noticeClaimed")
    public Predicate noticeClaimed() {
        return TypedStep.predicate("noticeClaimed", exchange -> decision(exchange).notice());
    }

    @BindToRegistry("overLimitNotice")
    public Expression overLimitNotice(ClaimedAnswers claimedAnswers) {
        return TypedStep.expression("overLimitNotice", exchange -> claimedAnswers.notice(request(exchange)));
    }

    /** The answer mail for the config entry in the body (one split part), composed under the decision's claim. */
    @BindToRegistry("claimedAnswer")
    public Expression claimedAnswer(ClaimedAnswers claimedAnswers) {
        return TypedStep.expression("claimedAnswer", exchange -> claimedAnswers.answer(request(exchange),
                exchange.getMessage().getBody(ConfigEntry.class), decision(exchange).configVersion()));
    }

    @BindToRegistry("signedOutgoing")
    public Expression signedOutgoing(AnswerSigner dkimSigner) {
        return TypedStep.expression("signedOutgoing", exchange -> dkimSigner.sign(outgoing(exchange)));
    }

    @BindToRegistry("outgoingRoute")
    public Expression outgoingRoute(DeliveryMethods deliveryMethods) {
        return TypedStep.expression("outgoingRoute", exchange -> deliveryMethods.routeFor(outgoing(exchange)));
    }

    @BindToRegistry("claimHandedOff")
    public Processor claimHandedOff(AnswerClaims answerClaims) {
        return TypedStep.processor("claimHandedOff", exchange -> answerClaims.handedOff(outgoing(exchange)));
    }

    /** An answer (not a forward or alert) that a transport took: not one recorded as rejected for good. */
    @BindToRegistry("answerDelivered")
    public Predicate answerDelivered() {
        return TypedStep.predicate("answerDelivered", exchange -> outgoing(exchange).kind() == OutgoingMail.Kind.ANSWER
                && !Boolean.parseBoolean(String.valueOf(exchange.getProperty("deliveryRejected"))));
    }

    @BindToRegistry("countAnswer")
    public Processor countAnswer(RequestOutcomes outcomes) {
        return TypedStep.processor("countAnswer", exchange -> outcomes.answered(request(exchange)));
    }

    // --- respond.yaml: record-outcome --------------------------------------------------------------------------

    @BindToRegistry("recordOutcome")
    public Processor recordOutcome(RequestOutcomes outcomes) {
        return TypedStep.processor("recordOutcome", exchange -> outcomes.record(request(exchange),
                property(exchange, "outcome", Outcome.class), property(exchange, "outcomeDetail", String.class),
                startNanos(exchange)));
    }

    @BindToRegistry("countRetries")
    public Processor countRetries(RequestOutcomes outcomes) {
        return TypedStep.processor("countRetries", exchange -> outcomes.retried(
                exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class)));
    }

    // --- deliver.yaml: deliver-outbox --------------------------------------------------------------------------

    @BindToRegistry("outboxFileName")
    public Expression outboxFileName() {
        return TypedStep.expression("outboxFileName",
                exchange -> exchange.getMessage().getBody(OutgoingMail.class).outboxFileName());
    }

    @BindToRegistry("mailBytes")
    public Expression mailBytes() {
        return TypedStep.expression("mailBytes",
                exchange -> exchange.getMessage().getBody(OutgoingMail.class).openStream());
    }

    private static Predicate disposition(String name, Verdict.Disposition disposition) {
        return TypedStep.predicate(name,
                exchange -> property(exchange, "verdict", Verdict.class).disposition() == disposition);
    }

    /** When processing began; a request recorded before the mark was set counts as taking no time. */
    private static long startNanos(Exchange exchange) {
        Long start = property(exchange, "startNanos", Long.class);
        return start == null ? System.nanoTime() : start;
    }

    private static InboundRequest request(Exchange exchange) {
        return property(exchange, "request", InboundRequest.class);
    }

    private static LimitDecision decision(Exchange exchange) {
        return property(exchange, "decision", LimitDecision.class);
    }

    private static OutgoingMail outgoing(Exchange exchange) {
        return property(exchange, "outgoing", OutgoingMail.class);
    }
}
