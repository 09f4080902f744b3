package org.mailresponder.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.inbound.SenderIdentity;

/**
 * A request mail as a mail client sends it and the MTA delivers it, for every test that needs one:
 *
 * <pre>{@code
 * byte[] mail = RequestMail.from("reader@mail.example").to("android@responder.test").messageId("<r1@x>").bytes();
 * }</pre>
 *
 * By default: X-Original-To and To the requested address ({@code get@responder.test}), Subject {@code links}, a
 * fresh Message-ID, a fixed Date, body {@code please}, CRLF line ends. Headers added with {@link #header} come after
 * the standard ones; {@link #dkimPass()} puts the MTA's Authentication-Results first, as Postfix's milter does.
 */
public final class RequestMail {

    private final String from;
    private String to = "get@responder.test";
    private boolean originalTo = true;
    private String subject = "links";
    private String messageId;
    private String date = "Sun, 22 Nov 2026 10:00:00 +0000";
    private final List<String> leading = new ArrayList<>();
    private final List<String> trailing = new ArrayList<>();
    private String body = "please\r\n";

    private RequestMail(String from) {
        this.from = from;
    }

    /** A request from {@code sender} (a bare address or a full From value such as {@code Name <a@b>}). */
    public static RequestMail from(String sender) {
        return new RequestMail(sender);
    }

    /** The requested address: X-Original-To (as Postfix writes it) and To. */
    public RequestMail to(String requestedAddress) {
        this.to = requestedAddress;
        return this;
    }

    /** Only a To header, as a mail that did not come through the MTA's delivery (no X-Original-To). */
    public RequestMail withoutOriginalTo() {
        this.originalTo = false;
        return this;
    }

    public RequestMail subject(String subject) {
        this.subject = subject;
        return this;
    }

    /** The Message-ID as written, angle brackets included; null for none. */
    public RequestMail messageId(String messageId) {
        this.messageId = messageId == null ? "" : messageId;
        return this;
    }

    /** The Date header's value; null for none. */
    public RequestMail date(String date) {
        this.date = date;
        return this;
    }

    /** Another header field, after the standard ones. */
    public RequestMail header(String name, String value) {
        trailing.add(name + ": " + value);
        return this;
    }

    /** The receiving MTA's verdict that the sender's domain signed the mail (a DKIM pass for the From domain). */
    public RequestMail dkimPass() {
        String domain = address(from).substring(address(from).indexOf('@') + 1);
        leading.add("Authentication-Results: mx.responder.test; dkim=pass header.d=" + domain);
        return this;
    }

    /** The envelope sender as the delivering MTA records it: Return-Path with the From address, first. */
    public RequestMail returnPath() {
        leading.add(0, "Return-Path: <" + address(from) + ">");
        return this;
    }

    /** MIME-Version and a plain-text Content-Type, as most clients write them. */
    public RequestMail plainText() {
        return header("MIME-Version", "1.0").header("Content-Type", "text/plain; charset=us-ascii");
    }

    /** The body, CRLF line ends. */
    public RequestMail body(String text) {
        this.body = text;
        return this;
    }

    public String text() {
        StringBuilder m = new StringBuilder();
        leading.forEach(h -> m.append(h).append("\r\n"));
        if (originalTo) {
            m.append("X-Original-To: ").append(to).append("\r\n");
        }
        m.append("From: ").append(from).append("\r\n");
        m.append("To: ").append(to).append("\r\n");
        m.append("Subject: ").append(subject).append("\r\n");
        String id = messageId == null ? "<" + UUID.randomUUID() + "@mail.example>" : messageId;
        if (!id.isEmpty()) {
            m.append("Message-ID: ").append(id).append("\r\n");
        }
        if (date != null) {
            m.append("Date: ").append(date).append("\r\n");
        }
        trailing.forEach(h -> m.append(h).append("\r\n"));
        return m.append("\r\n").append(body).toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** This mail as the service parses it (every requested address served, senders hashed with {@code hashKey}). */
    public InboundRequest parsed(String hashKey) {
        try {
            return new RequestParser(new SenderIdentity(hashKey), 10 * 1024 * 1024, 32).parse(bytes(), a -> true);
        } catch (MalformedRequestException e) {
            throw new IllegalStateException("the test's request mail does not parse: " + e.getMessage(), e);
        }
    }

    private static String address(String fromValue) {
        int lt = fromValue.indexOf('<');
        return lt >= 0 ? fromValue.substring(lt + 1, fromValue.indexOf('>', lt)) : fromValue.strip();
    }
}
