package org.mailresponder.screen;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.mailresponder.inbound.DkimPolicy;
import org.mailresponder.inbound.InboundDkimVerifier;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.config.ResponderConfig;

/**
 * Decides whether a request may be answered, from the most reliable evidence to the weakest; the first rule that
 * matches names the reason. Complaints and bounces are forwarded to the admins, everything else that must not be
 * answered is rejected. The recognising rules run even on a mail that could not be answered as it stands (no usable
 * From, truncated MIME): a bounce is a bounce however broken. Only a mail none of them recognises and that cannot
 * be answered fails ({@code failed/}); the rules that need a well-formed request (served address, DKIM) come after.
 */
public class RequestScreen {

    private final List<ScreenRule> recognising;
    private final List<ScreenRule> answerable;

    public RequestScreen(ScreenSettings settings, DkimPolicy dkimPolicy, InboundDkimVerifier dkimVerifier) {
        OwnAddress own = new OwnAddress(settings.responderAddresses());
        this.recognising = List.of(
                new ToComplaintsAddress(settings.complaintsAddress()),
                new ComplaintMarker(settings.complaintMarkerHeaders()),
                // envelope and transport
                new DaemonReturnPath(settings.daemonReturnPaths()),
                new DeliverySystemSender(settings.deliverySystemSenders(), settings.bounceSenders()),
                own,
                // structure
                new ReportStructure(),
                new ReturnedMessage(settings.complaintMarkerHeaders(), own),
                // sender and RFC 3834 / vendor headers
                new NoreplySender(settings.noreplyLocalPart()),
                new AutoSubmitted(),
                new AutoresponderHeaders(settings.autoresponderHeaders()),
                // list and bulk mail
                new ListHeaders(settings.listHeaders()),
                new BulkPrecedence(settings.bulkPrecedence()),
                // narrow subjects
                new SubjectPattern(settings.deliveryFailureSubjects(), ScreenReason.BOUNCE, true, "delivery failure"),
                new SubjectPattern(settings.readReceiptSubjects(), ScreenReason.READ_RECEIPT, false, "read receipt"),
                new SubjectPattern(settings.autoReplySubjects(), ScreenReason.AUTO_REPLY_SUBJECT, false, "auto-reply"),
                new SubjectPattern(settings.challengeSubjects(), ScreenReason.CHALLENGE_RESPONSE, false,
                        "challenge-response"),
                new SpamFlag());
        this.answerable = List.of(new UnknownAddress(), new DkimCheck(dkimPolicy, dkimVerifier));
    }

    /** A screen with the default lists ({@link ScreenSettings}) and the given senders. */
    public RequestScreen(String complaintsAddress, Set<String> ownAddresses, Set<String> bounceSenders,
                         Pattern noreplyLocalPart, DkimPolicy dkimPolicy, InboundDkimVerifier dkimVerifier) {
        this(ScreenSettings.defaults(complaintsAddress, ownAddresses, bounceSenders, noreplyLocalPart), dkimPolicy,
                dkimVerifier);
    }

    public Verdict screen(InboundRequest req, ResponderConfig config) {
        for (ScreenRule rule : recognising) {
            Verdict v = rule.test(req, config);
            if (v != null) {
                return v;
            }
        }
        if (!req.wellFormed()) {
            return Verdict.fail(req.problem());
        }
        for (ScreenRule rule : answerable) {
            Verdict v = rule.test(req, config);
            if (v != null) {
                return v;
            }
        }
        return Verdict.ANSWER;
    }
}
