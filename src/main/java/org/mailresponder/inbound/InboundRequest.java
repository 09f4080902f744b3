package org.mailresponder.inbound;

import java.util.List;
import java.util.Map;


/**
 * A parsed request. It carries the raw sender address because the answer must reach it, but its
 * {@link #toString()} shows only the hash, so a traced or logged exchange never prints the address.
 *
 * @param requestId       stable id of this request for this requested address (idempotency key)
 * @param requestedAddress lower-cased address the mail was sent to, or empty when the mail names none
 * @param sender          raw From address (never log it); for a mail without a usable From, whatever stands in
 *                        its place ({@code MAILER-DAEMON}, empty for {@code <>}), see {@link #problem}
 * @param senderHash      keyed hash of the canonical sender
 * @param subject         decoded Unicode subject, or empty; encoded words in an unknown charset stay as written
 * @param messageId       the request's Message-ID as written in the raw header (never RFC 2047-decoded), trimmed,
 *                        or null
 * @param references      the request's References (else In-Reply-To) ids, raw, each with angle brackets
 * @param headers         every header, lower-cased name to raw unfolded values in order (not decoded)
 * @param raw             the message as received
 * @param skeleton        what the screen needs of the MIME tree
 * @param problem         why this mail could not be answered even if no screen rule objected (no usable From,
 *                        no requested address, truncated or too deeply nested MIME), or null for a well-formed
 *                        request. The screen still judges such a mail: a bounce is recognised and forwarded, and
 *                        only a mail no rule recognises goes to {@code failed/} with this reason.
 */
public record InboundRequest(String requestId, String requestedAddress, String sender, String senderHash,
                             String subject, String messageId, List<String> references,
                             Map<String, List<String>> headers, byte[] raw, MimeSkeleton skeleton,
                             String problem) {

    /** A well-formed request without MIME details. */
    public InboundRequest(String requestId, String requestedAddress, String sender, String senderHash,
                          String subject, String messageId, List<String> references,
                          Map<String, List<String>> headers, byte[] raw) {
        this(requestId, requestedAddress, sender, senderHash, subject, messageId, references, headers, raw,
                MimeSkeleton.EMPTY, null);
    }

    public InboundRequest {
        skeleton = skeleton == null ? MimeSkeleton.EMPTY : skeleton;
    }

    /** Whether it could be answered as it stands (see {@link #problem}). */
    public boolean wellFormed() {
        return problem == null;
    }

    public String senderDomain() {
        return SenderIdentity.domainOf(sender);
    }

    /** The sender's local part as written (the whole sender when it has no {@code @}). */
    public String senderLocalPart() {
        int at = sender.lastIndexOf('@');
        return at < 0 ? sender : sender.substring(0, at);
    }

    public String shortSenderHash() {
        return SenderIdentity.shortHash(senderHash);
    }

    /** First value of a header (case-insensitive name), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }

    public boolean hasHeader(String name) {
        return headers.containsKey(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return "InboundRequest[id=" + requestId + ", requested=" + requestedAddress + ", sender=#"
                + shortSenderHash() + "]";
    }
}
