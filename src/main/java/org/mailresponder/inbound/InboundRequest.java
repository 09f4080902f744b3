package org.mailresponder.inbound;

import java.util.List;
import java.util.Map;

import org.mailresponder.ratelimit.SenderIdentity;

/**
 * A parsed request. It carries the raw sender address because the answer must reach it, but its
 * {@link #toString()} shows only the hash, so a traced or logged exchange never prints the address.
 *
 * @param requestId       stable id of this request for this requested address (idempotency key)
 * @param requestedAddress lower-cased address the mail was sent to
 * @param sender          raw From address (never log it)
 * @param senderHash      keyed hash of the canonical sender
 * @param subject         decoded subject, or empty
 * @param messageId       the request's Message-ID with angle brackets, or null
 * @param references      the request's References ids (for the answer's References)
 * @param headers         every header, lower-cased name to decoded values in order
 * @param raw             the message as received
 */
public record InboundRequest(String requestId, String requestedAddress, String sender, String senderHash,
                             String subject, String messageId, List<String> references,
                             Map<String, List<String>> headers, byte[] raw) {

    public String senderDomain() {
        return SenderIdentity.domainOf(sender);
    }

    public String senderLocalPart() {
        return sender.substring(0, sender.lastIndexOf('@'));
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
