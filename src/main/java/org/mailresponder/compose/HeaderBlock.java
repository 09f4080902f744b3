package org.mailresponder.compose;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jakarta.mail.internet.MimeUtility;

/** Builds a top-level header block: RFC 2047-encoded where needed, folded, CRLF line ends. */
final class HeaderBlock {

    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final StringBuilder sb = new StringBuilder(768);

    HeaderBlock add(String name, String asciiValue) {
        sb.append(MimeUtility.fold(0, name + ": " + asciiValue))
                .append("\r\n");
        return this;
    }

    HeaderBlock addText(String name, String unicodeValue) {
        try {
            String encoded = MimeUtility.encodeText(unicodeValue, StandardCharsets.UTF_8.name(), null);
            sb.append(name).append(": ").append(MimeUtility.fold(name.length() + 2, encoded)).append("\r\n");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    HeaderBlock date(ZonedDateTime when) {
        return add("Date", RFC_5322.format(when));
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
