package org.mailresponder.inbound;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedByteArrayInputStream;
import org.mailresponder.ratelimit.SenderIdentity;

/**
 * Parses a request mail into an {@link InboundRequest}. Only headers and the MIME skeleton are read: the body is
 * never interpreted, so quoted text can never act as a command. Anything that cannot be answered as it stands
 * (no usable From, no requested address, oversize, truncated or absurdly nested MIME) is a
 * {@link MalformedRequestException} naming the problem.
 */
public class RequestParser {

    private static final Pattern ASCII_ADDRESS = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9-]{2,}");
    private static final List<String> REQUESTED_HEADERS = List.of("x-original-to", "delivered-to", "to");

    private final Session session;
    private final SenderIdentity senders;
    private final int maxBytes;
    private final int maxMimeDepth;

    static {
        // Jakarta Mail looks its StreamProvider up with a ServiceLoader scan of the class path for every header
        // block it parses unless this names it; the scan was a tenth of the CPU time per request.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    public RequestParser(SenderIdentity senders, int maxBytes, int maxMimeDepth) {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "true");
        props.setProperty("mail.mime.address.strict", "false");
        this.session = Session.getInstance(props);
        this.senders = senders;
        this.maxBytes = maxBytes;
        this.maxMimeDepth = maxMimeDepth;
    }

    /**
     * @param raw    the message as received
     * @param served tells which candidate requested addresses the config serves, so that a mail sent to several
     *               of our addresses without X-Original-To is matched to a served one
     */
    public InboundRequest parse(byte[] raw, Predicate<String> served) throws MalformedRequestException {
        if (raw.length > maxBytes) {
            throw new MalformedRequestException("message of " + raw.length + " bytes exceeds the limit of "
                    + maxBytes + " (responder.inbound.max-bytes)");
        }
        MimeMessage msg;
        Map<String, List<String>> headers;
        try {
            msg = new MimeMessage(session, new SharedByteArrayInputStream(raw));
            headers = headers(msg);
        } catch (MessagingException e) {
            throw new MalformedRequestException("unparseable message: " + e.getMessage(), e);
        }
        if (headers.isEmpty()) {
            throw new MalformedRequestException("message has no headers");
        }
        checkStructure(msg, 0);
        String sender = sender(headers);
        String requested = requestedAddress(headers, served);
        String senderHash = senders.hash(sender);
        String subject = first(headers, "subject");
        String messageId = first(headers, "message-id");
        if (messageId != null) {
            messageId = messageId.trim();
        }
        List<String> references = references(first(headers, "references"), first(headers, "in-reply-to"));
        String requestId = requestId(raw, messageId, requested, senderHash);
        return new InboundRequest(requestId, requested, sender, senderHash, subject == null ? "" : subject.strip(),
                messageId, references, headers, raw);
    }

    private static Map<String, List<String>> headers(MimeMessage msg) throws MessagingException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Enumeration<Header> e = msg.getAllHeaders(); e.hasMoreElements(); ) {
            Header h = e.nextElement();
            String value = MimeUtility.unfold(h.getValue() == null ? "" : h.getValue());
            String decoded;
            try {
                decoded = MimeUtility.decodeText(value);
            } catch (UnsupportedEncodingException | RuntimeException ex) {
                decoded = value;
            }
            headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(decoded.replace('\r', ' ').replace('\n', ' '));
        }
        headers.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(headers);
    }

    private void checkStructure(Part part, int depth) throws MalformedRequestException {
        if (depth > maxMimeDepth) {
            throw new MalformedRequestException("MIME structure nested deeper than " + maxMimeDepth
                    + " levels (responder.inbound.max-mime-depth)");
        }
        try {
            if (part.isMimeType("multipart/*")) {
                Object content = part.getContent();
                if (!(content instanceof Multipart mp)) {
                    throw new MalformedRequestException("multipart part without a readable body");
                }
                int count = mp.getCount();
                if (mp instanceof MimeMultipart mime && !mime.isComplete()) {
                    throw new MalformedRequestException("truncated MIME: multipart has no closing boundary");
                }
                for (int i = 0; i < count; i++) {
                    checkStructure(mp.getBodyPart(i), depth + 1);
                }
            } else if (part.isMimeType("message/rfc822")) {
                Object content = part.getContent();
                if (content instanceof Part inner) {
                    checkStructure(inner, depth + 1);
                }
            }
        } catch (MessagingException | java.io.IOException e) {
            throw new MalformedRequestException("broken MIME structure: " + e.getMessage(), e);
        }
    }

    private static String sender(Map<String, List<String>> headers) throws MalformedRequestException {
        String from = first(headers, "from");
        if (from == null || from.isBlank()) {
            throw new MalformedRequestException("no From header");
        }
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parseHeader(from, false);
        } catch (AddressException e) {
            throw new MalformedRequestException("From header is not an address list", e);
        }
        if (parsed.length == 0 || parsed[0].getAddress() == null) {
            throw new MalformedRequestException("From header has no address");
        }
        String address = parsed[0].getAddress().trim();
        if (!ASCII_ADDRESS.matcher(address).matches()) {
            throw new MalformedRequestException("From header has no usable address (plain ASCII user@domain)");
        }
        return address;
    }

    private static String requestedAddress(Map<String, List<String>> headers, Predicate<String> served)
            throws MalformedRequestException {
        for (String name : REQUESTED_HEADERS) {
            List<String> candidates = new ArrayList<>();
            for (String value : headers.getOrDefault(name, List.of())) {
                try {
                    for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
                        if (a.getAddress() != null && a.getAddress().contains("@")) {
                            candidates.add(a.getAddress().trim().toLowerCase(Locale.ROOT));
                        }
                    }
                } catch (AddressException e) {
                    // an unparseable value is skipped; the next header may still name the address
                }
            }
            if (!candidates.isEmpty()) {
                return candidates.stream().filter(served).findFirst().orElse(candidates.get(0));
            }
        }
        throw new MalformedRequestException("no requested address (X-Original-To, Delivered-To and To are missing)");
    }

    private static List<String> references(String references, String inReplyTo) {
        List<String> ids = new ArrayList<>();
        String source = references != null ? references : inReplyTo;
        if (source != null) {
            for (String token : source.trim().split("\\s+")) {
                if (token.startsWith("<") && token.endsWith(">")) {
                    ids.add(token);
                }
            }
        }
        return List.copyOf(ids);
    }

    private static String requestId(byte[] raw, String messageId, String requested, String senderHash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (messageId != null && !messageId.isBlank()) {
                sha.update(messageId.getBytes(StandardCharsets.UTF_8));
            } else {
                sha.update(raw);
            }
            sha.update((byte) 0);
            sha.update(requested.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(senderHash.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
