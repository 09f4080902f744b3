package org.mailresponder.testing;

import java.nio.charset.StandardCharsets;

/** Minimal requests as a mail client would send them, for tests that need many distinct ones. */
public final class Requests {

    private Requests() {
    }

    /** A request from {@code from} to {@code to} with its own Message-ID ({@code <id>}). */
    public static byte[] plain(String from, String to, String messageId) {
        return ("X-Original-To: " + to + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: links\r\n"
                + "Message-ID: " + messageId + "\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\n\r\nplease\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
