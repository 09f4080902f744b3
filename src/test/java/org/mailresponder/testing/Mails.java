package org.mailresponder.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Reads mails back with Jakarta Mail, independently of the code that wrote them. */
public final class Mails {

    private static final Session SESSION = Session.getInstance(utf8());

    // Requests may carry raw UTF-8 headers (RFC 6532); read them as the service does.
    private static Properties utf8() {
        Properties p = new Properties();
        p.setProperty("mail.mime.allowutf8", "true");
        return p;
    }

    private Mails() {
    }

    public static MimeMessage parse(byte[] bytes) {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MimeMessage read(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String header(MimeMessage m, String name) {
        try {
            String v = m.getHeader(name, ",");
            return v == null ? null : v.trim();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
