package org.mailresponder.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.internet.InternetAddress;
import org.mailresponder.config.BodyPart;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.AttachmentRef;
import org.mailresponder.config.SendMethod;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.inbound.Verdict;

/**
 * Composes answers and admin forwards. The body of an answer depends only on the config entry and on whether the
 * recipient's provider needs safe attachment names, so it is compiled once per config version and reused; each
 * answer only gets its own header block.
 */
public class AnswerComposer {

    private final AttachmentStore attachments;
    private final AttachmentNameRules nameRules;
    private final String fromAddress;
    private final String fromName;
    private final String envelopeFrom;
    private final List<String> adminAddresses;
    private final String adminSubjectTag;
    private final Clock clock;
    private final String messageIdDomain;
    private final ConcurrentHashMap<String, AnswerBody> bodies = new ConcurrentHashMap<>();
    private volatile String cachedVersion;

    public AnswerComposer(AttachmentStore attachments, AttachmentNameRules nameRules, String fromAddress,
                          String fromName, String envelopeFrom, List<String> adminAddresses, String adminSubjectTag,
                          Clock clock) {
        this.attachments = attachments;
        this.nameRules = nameRules;
        this.fromAddress = fromAddress;
        this.fromName = fromName;
        this.envelopeFrom = envelopeFrom;
        this.adminAddresses = List.copyOf(adminAddresses);
        this.adminSubjectTag = adminSubjectTag;
        this.clock = clock;
        this.messageIdDomain = fromAddress.substring(fromAddress.indexOf('@') + 1);
    }

    /**
     * The answer for one config entry. Its header block is valid RFC 5322 whatever the request holds (see
     * {@link HeaderBlock}, {@link SubjectLine}, {@link ReplyThreading}).
     *
     * @throws MalformedRequestException when the sender (or requested) address cannot be written as a recipient:
     *                                   longer than an SMTP path allows (254), or not plain printable ASCII
     */
    public OutgoingMail compose(InboundRequest req, ConfigEntry entry, String configVersion)
            throws MalformedRequestException {
        requireMailbox(req.sender(), "sender");
        requireMailbox(req.requestedAddress(), "requested");
        boolean safeNames = nameRules.appliesTo(req.senderDomain()) && !entry.attachments().isEmpty();
        AnswerBody body = body(entry, configVersion, safeNames);
        HeaderBlock h = replyHeaders(req, SubjectLine.reply(req.subject()), body);
        return new OutgoingMail(OutgoingMail.Kind.ANSWER, req.requestId(), entry.index(), envelopeFrom,
                List.of(req.sender()), h.toString(), body, entry.sendMethod());
    }

    /**
     * The over-limit notice: a short plain-text reply threaded to the request, with the answers' own headers (so it
     * is as auto-submitted, and as signed, as they are). Notices are rare (one per sender-day), so it is composed
     * each time.
     */
    public OutgoingMail composeNotice(InboundRequest req, String subject, String text)
            throws MalformedRequestException {
        requireMailbox(req.sender(), "sender");
        requireMailbox(req.requestedAddress(), "requested");
        AnswerBody body = BodyCompiler.compile(List.of(new BodyPart(BodyPart.Kind.PLAIN, text)), List.of(),
                "notice." + req.requestId().substring(0, 12));
        HeaderBlock h = replyHeaders(req, SubjectLine.clean(subject), body);
        return OutgoingMail.of(OutgoingMail.Kind.NOTICE, req.requestId(), envelopeFrom, List.of(req.sender()),
                h.toString(), body, SendMethod.DEFAULT);
    }

    private HeaderBlock replyHeaders(InboundRequest req, String subject, AnswerBody body) {
        HeaderBlock h = commonHeaders()
                .add("To", address(req.sender(), null))
                .add("Reply-To", address(req.requestedAddress(), null))
                .addText("Subject", subject);
        ReplyThreading thread = ReplyThreading.of(req.messageId(), req.references());
        if (thread.inReplyTo() != null) {
            h.add("In-Reply-To", thread.inReplyTo());
            h.add("References", String.join(" ", thread.references()));
        }
        return h.add("Auto-Submitted", "auto-replied")
                .add("X-Auto-Response-Suppress", "All")
                .add("MIME-Version", "1.0")
                .add("Content-Type", body.contentType());
    }

    /** RFC 5321 4.5.3.1.3: a path holds at most 256 octets, so an address at most 254. */
    static final int MAX_ADDRESS_LENGTH = 254;

    private static void requireMailbox(String address, String which) throws MalformedRequestException {
        boolean ok = address != null && address.length() <= MAX_ADDRESS_LENGTH && address.indexOf('@') > 0
                && address.indexOf('@') < address.length() - 1;
        for (int i = 0; ok && i < address.length(); i++) {
            char c = address.charAt(i);
            ok = c > ' ' && c < 0x7f;
        }
        if (!ok) {
            throw new MalformedRequestException("the " + which + " address cannot be answered: not printable ASCII"
                    + " user@domain of at most " + MAX_ADDRESS_LENGTH + " characters"
                    + (address == null ? "" : " (" + address.length() + " characters)"));
        }
    }

    /** A complaint or bounce passed on to the admin addresses, the original attached unchanged. */
    public OutgoingMail composeForward(InboundRequest req, Verdict verdict) {
        String text = "mail-responder received a message it does not answer: " + verdict.reason().code()
                + " (" + verdict.detail() + ").\r\nRequested address: "
                + (req.requestedAddress().isEmpty() ? "(none)" : req.requestedAddress())
                + "\r\nSender (hashed): " + req.senderHash()
                + (req.wellFormed() ? "" : "\r\nThe message is malformed: " + req.problem())
                + "\r\nThe original message is attached.\r\n";
        AnswerBody body = BodyCompiler.compileWithMessage(text, req.raw(), req.requestId().substring(0, 24) + ".fwd");
        HeaderBlock h = commonHeaders()
                .add("To", String.join(", ", adminAddresses))
                .addText("Subject", adminSubjectTag + " " + verdict.reason().code() + ": "
                        + SubjectLine.clean(req.subject()))
                .add("Auto-Submitted", "auto-generated")
                .add("MIME-Version", "1.0")
                .add("Content-Type", body.contentType());
        return OutgoingMail.of(OutgoingMail.Kind.FORWARD, req.requestId(), envelopeFrom, adminAddresses, h.toString(), body,
                SendMethod.DEFAULT);
    }

    private HeaderBlock commonHeaders() {
        return new HeaderBlock()
                .date(ZonedDateTime.now(clock))
                .add("From", address(fromAddress, fromName))
                .add("Message-ID", "<" + UUID.randomUUID() + "@" + messageIdDomain + ">");
    }

    static String address(String address, String name) {
        try {
            return (name == null || name.isBlank() ? new InternetAddress(address)
                    : new InternetAddress(address, name, StandardCharsets.UTF_8.name())).toString();
        } catch (UnsupportedEncodingException | jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("not an address: " + e.getMessage(), e);
        }
    }

    private AnswerBody body(ConfigEntry entry, String entryConfigVersion, boolean safeNames) {
        // An attachment replaced in S3 under the same config must not be served from the old compiled body.
        long attachmentGeneration = attachments.generation();
        String configVersion = attachmentGeneration == 0 ? entryConfigVersion
                : entryConfigVersion + "g" + attachmentGeneration;
        if (!configVersion.equals(cachedVersion)) {
            synchronized (this) {
                if (!configVersion.equals(cachedVersion)) {
                    bodies.clear();
                    cachedVersion = configVersion;
                }
            }
        }
        String key = configVersion + "#" + entry.emailAddr() + "#" + entry.index() + (safeNames ? "#safe" : "");
        return bodies.computeIfAbsent(key, k -> compile(entry, configVersion, safeNames));
    }

    private AnswerBody compile(ConfigEntry entry, String configVersion, boolean safeNames) {
        List<BodyCompiler.NamedAttachment> named = new ArrayList<>();
        for (AttachmentRef ref : entry.attachments()) {
            try {
                byte[] bytes = attachments.fetch(ref.bucket(), ref.key()).bytes();
                String name = safeNames ? nameRules.rename(ref.filename()) : ref.filename();
                named.add(new BodyCompiler.NamedAttachment(name, bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("attachment " + ref.bucket() + "/" + ref.key() + " of entry "
                        + entry.emailAddr() + "#" + entry.index() + ": " + e.getMessage(), e);
            }
        }
        String seed = configVersion + "." + Integer.toHexString(entry.emailAddr().hashCode()) + "."
                + entry.index() + (safeNames ? "s" : "");
        return BodyCompiler.compile(entry.body(), named, seed);
    }
}
