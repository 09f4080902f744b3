package org.mailresponder.inbound;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Event;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * Parses a request mail into an {@link InboundRequest}: header values as written, the subject and display names
 * decoded, and the MIME skeleton the screen needs. The body is never interpreted, so quoted text can never act as
 * a command. The parse is lenient: a mail that could not be answered (no usable From, no requested address,
 * truncated or absurdly nested MIME) still comes back, with {@link InboundRequest#problem()} saying why, so the
 * screen can recognise a bounce in it. Only what is not a mail at all (too large, no header) is a
 * {@link MalformedRequestException}.
 *
 * <p>Cost is linear in the input and bounded: one streaming pass (Apache mime4j) that keeps no object per MIME
 * part, stops at {@code maxMimeDepth}, reads attached messages' headers only (at most {@link #MAX_ATTACHED}, each
 * from its first {@link #ATTACHED_HEADER_BYTES} bytes), and decodes only the subject and the From display name.
 */
public class RequestParser {

    private static final List<String> REQUESTED_HEADERS = List.of("x-original-to", "delivered-to", "to");
    /** Attached messages whose headers are read, and how much of each. */
    static final int MAX_ATTACHED = 8;
    static final int ATTACHED_HEADER_BYTES = 65_536;
    /** Distinct media types remembered; a real mail has a handful. */
    private static final int MAX_MEDIA_TYPES = 64;
    /** Header fields in one entity; a real mail has a few dozen. */
    private static final int MAX_HEADER_FIELDS = 5_000;
    /** References kept: the thread's first id and the latest ones, as RFC 5322 suggests trimming. */
    private static final int MAX_REFERENCES = 100;
    /** Subject text decoded: more is cut before decoding, so a hostile subject costs no more than this. */
    static final int MAX_SUBJECT_CHARS = 16_384;
    /** RFC 2046 caps boundaries at 70 characters; a far longer one only makes the boundary search slow. */
    private static final int MAX_BOUNDARY = 256;
    /** One digest per worker: a provider look-up per request showed in the profile (0.4 % of the JVM's CPU). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final SenderIdentity senders;
    private final int maxBytes;
    private final int maxMimeDepth;

    static {
        // Jakarta Mail (used here for address lists, and by the composer) looks its StreamProvider up with a
        // ServiceLoader scan of the class path for every header block it parses unless this names it; the scan was
        // a tenth of the CPU time per request.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    public RequestParser(SenderIdentity senders, int maxBytes, int maxMimeDepth) {
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
        Scan scan = scan(LineEnds.crlf(raw));
        if (scan.headers.isEmpty()) {
            throw new MalformedRequestException("message has no headers");
        }
        Map<String, List<String>> headers = scan.headers;
        headers.replaceAll((k, v) -> Collections.unmodifiableList(v));
        headers = Collections.unmodifiableMap(headers);
        List<String> problems = new ArrayList<>();
        String sender = sender(headers, problems);
        String requested = requestedAddress(headers, served, problems);
        if (scan.problem != null && !scan.truncated) {
            problems.add(scan.problem);
        }
        String senderHash = senders.hash(sender);
        String messageId = first(headers, "message-id");
        if (messageId != null) {
            messageId = messageId.strip();
        }
        List<String> references = references(first(headers, "references"), first(headers, "in-reply-to"));
        String requestId = requestId(raw, messageId, requested, senderHash);
        MimeSkeleton skeleton = new MimeSkeleton(scan.mediaTypes, scan.reportTypes, scan.attached, scan.problem);
        return new InboundRequest(requestId, requested, sender, senderHash, subject(scan), messageId, references,
                headers, raw, skeleton, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** What one pass over the message collects. */
    private static final class Scan {
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        final Set<String> mediaTypes = new LinkedHashSet<>();
        final Set<String> reportTypes = new LinkedHashSet<>();
        final List<Map<String, String>> attached = new ArrayList<>();
        String contentCharset;
        byte[] subjectBytes;
        String problem;
        /**
         * A multipart without its closing boundary. Kept in the skeleton but not a reason to fail: real clients
         * send it (the body is never read, so nothing is missing for an answer), while depth stays a limit.
         */
        boolean truncated;
    }

    /** Records mime4j's complaints instead of throwing them: lenient parsing, but a truncation is noticed. */
    private static final class Complaints extends DecodeMonitor {
        boolean truncated;

        @Override
        public boolean warn(String error, String dropDesc) {
            if (error != null && error.contains(Event.MIME_BODY_PREMATURE_END.toString())) {
                truncated = true;
            }
            return false;
        }

        @Override
        public boolean isListening() {
            return true;
        }
    }

    private Scan scan(byte[] crlf) {
        Scan scan = new Scan();
        Complaints complaints = new Complaints();
        MimeTokenStream tokens = new MimeTokenStream(config(), complaints, null);
        tokens.setRecursionMode(RecursionMode.M_NO_RECURSE);
        tokens.parse(new ByteArrayInputStream(crlf));
        int depth = 0;
        boolean topHeader = true;
        String contentType = null;
        try {
            for (EntityState state = tokens.getState(); state != EntityState.T_END_OF_STREAM; state = tokens.next()) {
                switch (state) {
                    case T_FIELD -> {
                        Field f = tokens.getField();
                        String name = f.getNameLowerCase();
                        if (topHeader) {
                            String value = value(f.getRaw(), f.getName().length());
                            scan.headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                            if (name.equals("subject") && scan.subjectBytes == null) {
                                scan.subjectBytes = unfolded(f.getRaw(), f.getName().length());
                            }
                        }
                        if (name.equals("content-type")) {
                            contentType = value(f.getRaw(), f.getName().length());
                        }
                    }
                    case T_END_HEADER -> {
                        String mediaType = mediaType(contentType);
                        if (topHeader) {
                            scan.contentCharset = parameter(contentType, "charset");
                        }
                        topHeader = false;
                        if (scan.mediaTypes.size() < MAX_MEDIA_TYPES) {
                            scan.mediaTypes.add(mediaType);
                        }
                        if (mediaType.equals("multipart/report")) {
                            String type = parameter(contentType, "report-type");
                            scan.reportTypes.add(type == null ? "" : type.toLowerCase(Locale.ROOT));
                        }
                        if (mediaType.startsWith("multipart/")) {
                            String boundary = parameter(contentType, "boundary");
                            if (boundary != null && boundary.length() > MAX_BOUNDARY) {
                                scan.problem = "MIME boundary longer than " + MAX_BOUNDARY + " characters";
                                return scan;
                            }
                        }
                        contentType = null;
                    }
                    case T_START_MULTIPART -> {
                        if (++depth > maxMimeDepth) {
                            scan.problem = "MIME structure nested deeper than " + maxMimeDepth
                                    + " levels (responder.inbound.max-mime-depth)";
                            return scan;
                        }
                    }
                    case T_END_MULTIPART -> depth--;
                    case T_BODY -> {
                        String mt = tokens.getBodyDescriptor().getMimeType();
                        if (scan.attached.size() < MAX_ATTACHED && mt != null
                                && (mt.equalsIgnoreCase("message/rfc822") || mt.equalsIgnoreCase("text/rfc822-headers")
                                || mt.equalsIgnoreCase("message/global"))) {
                            scan.attached.add(attachedHeaders(tokens.getDecodedInputStream()));
                        }
                    }
                    default -> {
                        // preamble, epilogue, part boundaries: nothing to note
                    }
                }
            }
        } catch (IOException | MimeException | RuntimeException e) {
            scan.problem = "broken MIME structure: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return scan;
        }
        if (complaints.truncated) {
            scan.truncated = true;
            scan.problem = "truncated MIME: multipart has no closing boundary";
        }
        return scan;
    }

    private static MimeConfig config() {
        return new MimeConfig.Builder()
                .setStrictParsing(false)
                .setMaxLineLen(-1)
                .setMaxHeaderLen(-1)
                .setMaxHeaderCount(MAX_HEADER_FIELDS)
                .setMaxContentLen(-1)
                .build();
    }

    /** Header names to first raw values of an attached message, read from its first bytes only. */
    private static Map<String, String> attachedHeaders(InputStream content) throws IOException {
        byte[] head = content.readNBytes(ATTACHED_HEADER_BYTES);
        Map<String, String> out = new LinkedHashMap<>();
        MimeTokenStream tokens = new MimeTokenStream(config(), DecodeMonitor.SILENT, null);
        tokens.setRecursionMode(RecursionMode.M_NO_RECURSE);
        tokens.parse(new ByteArrayInputStream(head));
        try {
            for (EntityState s = tokens.getState(); s != EntityState.T_END_OF_STREAM && s != EntityState.T_END_HEADER;
                 s = tokens.next()) {
                if (s == EntityState.T_FIELD && out.size() < 200) {
                    Field f = tokens.getField();
                    out.putIfAbsent(f.getNameLowerCase(), value(f.getRaw(), f.getName().length()));
                }
            }
        } catch (MimeException | RuntimeException e) {
            // the fields read so far are what there is
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The raw value of a header field: the bytes after the colon, unfolded, line breaks gone, as UTF-8 when they
     * are valid UTF-8 (RFC 6532) and byte for byte (ISO-8859-1) otherwise.
     */
    private static String value(ByteSequence raw, int nameLength) {
        byte[] bytes = unfolded(raw, nameLength);
        return text(bytes, bytes.length, null).strip();
    }

    /** The bytes after the colon with every CR and LF removed (unfolded). */
    private static byte[] unfolded(ByteSequence raw, int nameLength) {
        int len = raw.length();
        int start = nameLength;
        while (start < len && raw.byteAt(start) != ':') {
            start++;
        }
        start++;
        byte[] bytes = new byte[Math.max(0, len - start)];
        int n = 0;
        for (int i = start; i < len; i++) {
            byte b = raw.byteAt(i);
            if (b != '\r' && b != '\n') {
                bytes[n++] = b;
            }
        }
        return n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n);
    }

    private static String text(byte[] bytes, int n, Charset fallback) {
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, n, fallback == null ? StandardCharsets.ISO_8859_1 : fallback);
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "text/plain";
        }
        int semi = contentType.indexOf(';');
        String mt = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return mt.length() > 100 || mt.indexOf('/') < 0 ? "application/octet-stream" : mt;
    }

    /** A Content-Type parameter's value, unquoted, or null; a simple scan, enough for report-type and charset. */
    static String parameter(String contentType, String name) {
        if (contentType == null) {
            return null;
        }
        String lower = contentType.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int i = lower.indexOf(name, from);
            if (i < 0) {
                return null;
            }
            from = i + name.length();
            int before = i - 1;
            while (before >= 0 && (lower.charAt(before) == ' ' || lower.charAt(before) == '\t')) {
                before--;
            }
            int eq = from;
            while (eq < lower.length() && (lower.charAt(eq) == ' ' || lower.charAt(eq) == '\t')) {
                eq++;
            }
            if ((before >= 0 && lower.charAt(before) != ';') || eq >= lower.length() || lower.charAt(eq) != '=') {
                continue;
            }
            int v = eq + 1;
            while (v < contentType.length() && (contentType.charAt(v) == ' ' || contentType.charAt(v) == '\t')) {
                v++;
            }
            if (v < contentType.length() && contentType.charAt(v) == '"') {
                int end = contentType.indexOf('"', v + 1);
                return contentType.substring(v + 1, end < 0 ? contentType.length() : end);
            }
            int end = v;
            while (end < contentType.length() && contentType.charAt(end) != ';'
                    && !Character.isWhitespace(contentType.charAt(end))) {
                end++;
            }
            return contentType.substring(v, end);
        }
    }

    private String subject(Scan scan) {
        if (scan.subjectBytes == null) {
            return "";
        }
        byte[] b = scan.subjectBytes;
        int n = Math.min(b.length, MAX_SUBJECT_CHARS);
        // 8-bit bytes that are not UTF-8 (RFC 6532) are in the client's charset: the body's is the best guess
        Charset fallback = MailCharsets.forName(scan.contentCharset);
        String s = text(b, n, fallback == null ? MailCharsets.forName("windows-1252") : fallback).strip();
        return clean(EncodedWords.decode(s));
    }

    /** Control characters become spaces: a subject is one line of text. */
    private static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return out.toString().strip();
    }

    private static String sender(Map<String, List<String>> headers, List<String> problems) {
        String from = first(headers, "from");
        if (from == null || from.isBlank()) {
            problems.add("no From header");
            return "";
        }
        String address = MailAddresses.first(from);
        if (address == null) {
            problems.add("From header has no address");
            return "";
        }
        if (!MailAddresses.usable(address)) {
            problems.add("From header has no usable address (plain ASCII user@domain)");
        }
        return address;
    }

    private static String requestedAddress(Map<String, List<String>> headers, Predicate<String> served,
                                           List<String> problems) {
        for (String name : REQUESTED_HEADERS) {
            List<String> candidates = new ArrayList<>();
            for (String value : headers.getOrDefault(name, List.of())) {
                for (String a : MailAddresses.parse(value)) {
                    if (a.indexOf('@') > 0 && a.length() <= 254) {
                        candidates.add(a.toLowerCase(Locale.ROOT));
                    }
                }
            }
            if (!candidates.isEmpty()) {
                return candidates.stream().filter(served).findFirst().orElse(candidates.get(0));
            }
        }
        problems.add("no requested address (X-Original-To, Delivered-To and To are missing)");
        return "";
    }

    private static List<String> references(String references, String inReplyTo) {
        List<String> ids = new ArrayList<>();
        String source = references != null ? references : inReplyTo;
        if (source != null) {
            for (String token : source.strip().split("\\s+")) {
                if (token.startsWith("<") && token.endsWith(">")) {
                    ids.add(token);
                }
            }
        }
        if (ids.size() > MAX_REFERENCES) {
            List<String> kept = new ArrayList<>(MAX_REFERENCES);
            kept.add(ids.get(0));
            kept.addAll(ids.subList(ids.size() - (MAX_REFERENCES - 1), ids.size()));
            return List.copyOf(kept);
        }
        return List.copyOf(ids);
    }

    private static String requestId(byte[] raw, String messageId, String requested, String senderHash) {
        MessageDigest sha = SHA_256.get();
        // a request that failed half-way through must not leave its bytes in the next one's id
        sha.reset();
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
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
