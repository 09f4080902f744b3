package org.mailresponder.screen;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MimeSkeleton;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/**
 * Machine-readable reports anywhere in the request's own MIME tree (not inside attached messages): feedback
 * reports (ARF, RFC 5965) are abuse reports, disposition notifications (MDN, RFC 8098) read receipts, and delivery
 * status (RFC 3464), any other {@code multipart/report} (with or without a report type) and returned headers
 * ({@code text/rfc822-headers}) bounces. Mail clients never write these parts for a person.
 */
public record ReportStructure() implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        MimeSkeleton s = req.skeleton();
        if (s.has("message/feedback-report") || s.reportTypes().contains("feedback-report")) {
            return Verdict.forward(ScreenReason.ABUSE_REPORT, "feedback report (ARF)");
        }
        if (s.has("message/disposition-notification") || s.has("message/global-disposition-notification")
                || s.reportTypes().contains("disposition-notification")) {
            return Verdict.reject(ScreenReason.READ_RECEIPT, "disposition notification (MDN)");
        }
        if (s.has("message/delivery-status") || s.has("message/global-delivery-status")) {
            return Verdict.forward(ScreenReason.BOUNCE, "delivery status report");
        }
        if (s.has("multipart/report")) {
            return Verdict.forward(ScreenReason.BOUNCE, "multipart/report"
                    + (s.reportTypes().stream().anyMatch(t -> !t.isEmpty())
                    ? " (" + String.join(",", s.reportTypes()) + ")" : " without a report type"));
        }
        if (s.has("text/rfc822-headers")) {
            return Verdict.forward(ScreenReason.BOUNCE, "returned headers (text/rfc822-headers)");
        }
        return null;
    }
}
