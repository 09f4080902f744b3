package org.mailresponder.admin;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeUtility;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.dkim.AnswerSigner;
import org.mailresponder.inbound.AnswerPlan;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.screen.RequestIntake;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.ratelimit.LimitDecision;
import org.mailresponder.inbound.Outcome;
import org.mailresponder.ratelimit.RequestLedger;

/**
 * Runs a request through the same steps as the {@code process-request} route (parse, screen, rate-limit or forward
 * decision, compose, sign) with the service's beans. The decisions are the ledger's own ({@link RequestLedger#preview},
 * {@link RequestLedger#previewForward}), made in transactions that are rolled back, and nothing is delivered:
 * previewing neither sends nor counts.
 */
final class AnswerPreview {

    /**
     * @param outcome   what the service would log and count for the request (as {@code process-request} does)
     * @param detail    why, for the operator
     * @param mails     what would be sent (answers in config order, or the admin forward), signed
     */
    record Result(Outcome outcome, String detail, InboundRequest request, String configVersion,
                  List<OutgoingMail> mails) {

        boolean answered() {
            return outcome == Outcome.ANSWERED;
        }
    }

    private final RequestIntake intake;
    private final AnswerComposer composer;
    private final AnswerSigner signer;
    private final RequestLedger ledger;

    AnswerPreview(RequestIntake intake, AnswerComposer composer, AnswerSigner signer, RequestLedger ledger) {
        this.intake = intake;
        this.composer = composer;
        this.signer = signer;
        this.ledger = ledger;
    }

    /** A minimal request as a mail client would send it; extra headers let the operator try the screen rules. */
    static byte[] requestMail(String to, String from, String subject, List<String> extraHeaders) {
        StringBuilder m = new StringBuilder();
        m.append("Return-Path: <").append(from).append(">\r\n");
        m.append("From: ").append(from).append("\r\n");
        m.append("To: ").append(to).append("\r\n");
        if (subject != null) {
            try {
                m.append("Subject: ").append(MimeUtility.encodeText(subject, "UTF-8", "B")).append("\r\n");
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n");
        m.append("Message-ID: <preview-").append(UUID.randomUUID()).append("@mail-responder.invalid>\r\n");
        for (String h : extraHeaders) {
            m.append(h.strip()).append("\r\n");
        }
        m.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n");
        m.append("(request composed by mail-responder preview)\r\n");
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    Result preview(byte[] raw) throws SQLException {
        InboundRequest request;
        try {
            request = intake.parse(raw);
        } catch (MalformedRequestException e) {
            return new Result(Outcome.MALFORMED, e.getMessage(), null, null, List.of());
        }
        Verdict verdict = intake.screen(request);
        switch (verdict.disposition()) {
            case FORWARD -> {
                LimitDecision decision = ledger.previewForward(request, verdict);
                if (decision.outcome() != Outcome.FORWARDED) {
                    return new Result(decision.reported(), decision.detail(), request, null, List.of());
                }
                return new Result(decision.reported(), decision.detail() + "; forwarded to the admin addresses",
                        request, null, List.of(signer.sign(composer.composeForward(request, verdict))));
            }
            case REJECT, FAIL -> {
                return new Result(verdict.outcome(), verdict.detail(), request, null, List.of());
            }
            default -> {
                return answer(request);
            }
        }
    }

    private Result answer(InboundRequest request) throws SQLException {
        AnswerPlan plan = intake.plan(request);
        LimitDecision decision = ledger.preview(request, plan);
        if (decision.outcome() != Outcome.ANSWERED) {
            return new Result(decision.reported(), decision.detail(), request, null, List.of());
        }
        List<OutgoingMail> mails = new ArrayList<>();
        try {
            for (ConfigEntry entry : decision.entries()) {
                mails.add(signer.sign(composer.compose(request, entry, plan.configVersion())));
            }
        } catch (MalformedRequestException e) {
            return new Result(Outcome.MALFORMED, e.getMessage(), request, plan.configVersion(), List.of());
        }
        return new Result(Outcome.ANSWERED, decision.detail(), request, plan.configVersion(), mails);
    }
}
