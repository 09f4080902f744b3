package org.mailresponder.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Checks a mail the service wrote against RFC 5322 independently of the code that wrote it: CRLF line ends only,
 * no line over 998 octets, no control character (NUL, ESC, BEL, bare CR or LF …) and nothing but US-ASCII in the
 * header section, header fields of the form {@code name: value} with continuation lines, and the fields the
 * service writes parse (addresses strictly, message ids by the RFC's grammar, Date, Subject).
 */
public final class MessageValidity {

    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
    private static final String DOT_ATOM = ATEXT + "+(?:\\." + ATEXT + "+)*";
    private static final Pattern MSG_ID = Pattern.compile("<" + DOT_ATOM + "@(?:" + DOT_ATOM + "|\\[[\\x21-\\x5a\\x5e-\\x7e]*\\])>");
    private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]+");

    private MessageValidity() {
    }

    /** Problems of the whole message (header section and body lines); empty when it is valid. */
    public static List<String> problems(byte[] mail) {
        return check(mail, true);
    }

    /** Problems of the header section only (forwards attach the original as it came). */
    public static List<String> headerProblems(byte[] mail) {
        return check(mail, false);
    }

    private static List<String> check(byte[] mail, boolean body) {
        List<String> problems = new ArrayList<>();
        int end = headerEnd(mail);
        if (end < 0) {
            problems.add("no blank line after the header section");
            return problems;
        }
        List<String> headerLines = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i < mail.length; i++) {
            int b = mail[i] & 0xff;
            boolean inHeader = i < end;
            if (b == '\n' && (i == 0 || mail[i - 1] != '\r')) {
                problems.add("bare LF at octet " + i);
            } else if (b == '\r' && (i + 1 >= mail.length || mail[i + 1] != '\n')) {
                problems.add("bare CR at octet " + i);
            } else if (b == 0) {
                problems.add("NUL at octet " + i);
            } else if (inHeader && ((b < 0x20 && b != '\t' && b != '\r' && b != '\n') || b == 0x7f)) {
                problems.add(String.format("control character 0x%02x in the header section at octet %d", b, i));
            } else if (inHeader && b >= 0x80) {
                problems.add(String.format("non-ASCII octet 0x%02x in the header section at octet %d", b, i));
            }
            if (b == '\n') {
                int length = i - lineStart - (i > 0 && mail[i - 1] == '\r' ? 1 : 0);
                if (length > 998 && (inHeader || body)) {
                    problems.add("line of " + length + " octets at octet " + lineStart);
                }
                if (inHeader) {
                    headerLines.add(new String(mail, lineStart, Math.max(0, length), StandardCharsets.ISO_8859_1));
                }
                lineStart = i + 1;
            }
            if (problems.size() > 20) {
                return problems;
            }
            if (!body && !inHeader) {
                break;
            }
        }
        for (int n = 0; n < headerLines.size(); n++) {
            String line = headerLines.get(n);
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (n == 0) {
                    problems.add("header section starts with a continuation line");
                } else if (line.isBlank()) {
                    problems.add("whitespace-only continuation line: " + n);
                }
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0 || !FIELD_NAME.matcher(line.substring(0, colon)).matches()) {
                    problems.add("not a header field: " + abbreviate(line));
                }
            }
        }
        if (problems.isEmpty()) {
            problems.addAll(fieldProblems(mail));
        }
        return problems;
    }

    private static List<String> fieldProblems(byte[] mail) {
        List<String> problems = new ArrayList<>();
        try {
            MimeMessage m = Mails.parse(mail);
            for (String name : List.of("From", "To", "Reply-To", "Cc")) {
                String[] values = m.getHeader(name);
                if (values != null) {
                    for (String v : values) {
                        InternetAddress.parseHeader(v, true);
                    }
                }
            }
            for (String name : List.of("Message-ID", "In-Reply-To", "References")) {
                String[] values = m.getHeader(name);
                if (values != null) {
                    for (String v : values) {
                        for (String id : v.trim().split("\\s+")) {
                            if (!MSG_ID.matcher(id).matches()) {
                                problems.add(name + " holds something that is not a message id: " + abbreviate(id));
                            }
                        }
                    }
                }
            }
            if (m.getHeader("Date") != null && m.getSentDate() == null) {
                problems.add("Date does not parse");
            }
            m.getSubject();
        } catch (Exception e) {
            problems.add("a header does not parse: " + e);
        }
        return problems;
    }

    /** Offset of the CRLF CRLF that ends the header section (pointing at the first CR), or -1. */
    public static int headerEnd(byte[] mail) {
        for (int i = 0; i + 3 < mail.length; i++) {
            if (mail[i] == '\r' && mail[i + 1] == '\n' && mail[i + 2] == '\r' && mail[i + 3] == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    /** Lower-case names of the top-level header fields, in order. */
    public static List<String> fieldNames(byte[] mail) {
        int end = Math.max(0, headerEnd(mail));
        List<String> names = new ArrayList<>();
        for (String line : new String(mail, 0, end, StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (!line.isEmpty() && !line.startsWith(" ") && !line.startsWith("\t") && line.indexOf(':') > 0) {
                names.add(line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + ")" : s;
    }
}
