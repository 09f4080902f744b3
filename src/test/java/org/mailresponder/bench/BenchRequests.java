package org.mailresponder.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * The requests the benchmark drops into the maildir: shaped like what Postfix delivers from a big webmail provider
 * (Received, a DKIM-Signature the MTA already checked, Authentication-Results, an RFC 2047 subject, a
 * multipart/alternative body), about 3 KB, every one from its own sender so that none is rate-limited.
 */
final class BenchRequests {

    static final String DOMAIN = "bench.test";
    static final String TEXT_ADDRESS = "get@" + DOMAIN;
    static final String ATTACHMENT_ADDRESS = "installer@" + DOMAIN;
    static final String SMTP_ADDRESS = "smtp@" + DOMAIN;
    static final String MESSAGE_ID_DOMAIN = "bench.mail.example";

    private static final String[] SENDER_DOMAINS = {"gmail.com", "yahoo.com", "outlook.com", "mail.ru",
            "bench.example"};
    /** "Please send" in Persian, as an RFC 2047 word. */
    private static final String SUBJECT = "=?UTF-8?B?" + Base64.getEncoder().encodeToString(
            "\u0644\u0637\u0641\u0627 \u0628\u0641\u0631\u0633\u062a\u06cc\u062f".getBytes(StandardCharsets.UTF_8)) + "?=";
    private static final String SIGNATURE_B;

    static {
        byte[] b = new byte[256];
        new Random(7).nextBytes(b);
        String s = Base64.getEncoder().encodeToString(b);
        SIGNATURE_B = s.substring(0, 70) + "\r\n\t " + s.substring(70, 140) + "\r\n\t " + s.substring(140, 210)
                + "\r\n\t " + s.substring(210, 280) + "\r\n\t " + s.substring(280);
    }

    private BenchRequests() {
    }

    /** The Message-ID of request {@code index} of phase {@code tag}, without angle brackets. */
    static String messageId(String tag, int index) {
        return tag + "-" + index + "@" + MESSAGE_ID_DOMAIN;
    }

    /** Index of a request from its Message-ID, if it belongs to phase {@code tag}; else -1. */
    static int indexOf(String tag, String messageId) {
        String prefix = tag + "-";
        if (messageId == null || !messageId.startsWith(prefix) || !messageId.endsWith("@" + MESSAGE_ID_DOMAIN)) {
            return -1;
        }
        try {
            return Integer.parseInt(messageId.substring(prefix.length(), messageId.indexOf('@')));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static byte[] request(String tag, int index, String to) {
        String senderDomain = SENDER_DOMAINS[index % SENDER_DOMAINS.length];
        String from = "reader" + tag.replaceAll("[^a-z0-9]", "") + index + "@" + senderDomain;
        String mail = "Return-Path: <" + from + ">\r\n"
                + "X-Original-To: " + to + "\r\n"
                + "Delivered-To: " + to + "\r\n"
                + "Received: from mail-" + (index % 200) + "." + senderDomain + " (mail-" + (index % 200) + "."
                + senderDomain + " [192.0.2." + (index % 250 + 1) + "])\r\n"
                + "\tby mx." + DOMAIN + " (Postfix) with ESMTPS id 4Z" + Integer.toHexString(index * 7919 + 4099)
                + "\r\n\tfor <" + to + ">; Wed, 25 Nov 2026 22:00:00 +0000 (UTC)\r\n"
                + "Authentication-Results: mx." + DOMAIN + ";\r\n\tdkim=pass (2048-bit key) header.d=" + senderDomain
                + " header.s=20230601;\r\n\tspf=pass smtp.mailfrom=" + from + "\r\n"
                + "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + senderDomain + "; s=20230601;"
                + " t=1764108000;\r\n\th=to:subject:message-id:date:from:mime-version:from:to:cc:subject:date"
                + ":message-id:reply-to;\r\n\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n\tb="
                + SIGNATURE_B + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "From: Reader " + index + " <" + from + ">\r\n"
                + "Date: Wed, 25 Nov 2026 23:00:00 +0100\r\n"
                + "Message-ID: <" + messageId(tag, index) + ">\r\n"
                + "Subject: " + SUBJECT + "\r\n"
                + "To: " + to + "\r\n"
                + "Content-Type: multipart/alternative; boundary=\"000000000000b3nch\"\r\n"
                + "\r\n"
                + "--000000000000b3nch\r\n"
                + "Content-Type: text/plain; charset=\"UTF-8\"\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "=D9=84=D8=B7=D9=81=D8=A7 please send the links\r\n\r\n"
                + "--000000000000b3nch\r\n"
                + "Content-Type: text/html; charset=\"UTF-8\"\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "<div dir=3D\"rtl\">=D9=84=D8=B7=D9=81=D8=A7</div><div>please send the links</div>\r\n\r\n"
                + "--000000000000b3nch--\r\n";
        return mail.getBytes(StandardCharsets.US_ASCII);
    }

    /** The responder config: a links answer (plain + HTML), a 2 MB installer answer, and links sent by SMTP. */
    static String config() {
        String links = "[[\"plain\", \"English - https://example.com/en.html\\n\\u0641\\u0627\\u0631\\u0633\\u06cc - "
                + "https://example.com/fa.html\\n\\u0420\\u0443\\u0441\\u0441\\u043a\\u0438\\u0439 - "
                + "https://example.com/ru.html\\n\"], [\"html\", \"<p><a href=\\\"https://example.com/en.html\\\">English"
                + "</a><br><a href=\\\"https://example.com/fa.html\\\">\\u0641\\u0627\\u0631\\u0633\\u06cc</a><br>"
                + "<a href=\\\"https://example.com/ru.html\\\">\\u0420\\u0443\\u0441\\u0441\\u043a\\u0438\\u0439</a></p>\"]]";
        return "[\n"
                + "  {\"email_addr\": \"" + TEXT_ADDRESS + "\", \"body\": " + links + ", \"attachments\": null},\n"
                + "  {\"email_addr\": \"" + ATTACHMENT_ADDRESS + "\", \"body\": \"The installer is attached.\","
                + " \"attachments\": [[\"installers\", \"installer-2mb.exe\", \"Installer.exe\"]]},\n"
                + "  {\"email_addr\": \"" + SMTP_ADDRESS + "\", \"body\": " + links + ", \"attachments\": null,"
                + " \"send_method\": \"SMTP\"}\n"
                + "]\n";
    }
}
