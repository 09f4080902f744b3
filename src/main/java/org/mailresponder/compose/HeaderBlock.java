package org.mailresponder.compose;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Builds a top-level header block that is valid RFC 5322 whatever it is given: US-ASCII only, no control
 * characters, CRLF line ends, folded once at whitespace so that lines stay within 78 characters where the value
 * allows and never exceed 998 octets. Every step is one pass over the value: Jakarta Mail's
 * {@code MimeUtility.fold}, used before, re-scans the rest of the value at each fold and took minutes on a
 * megabyte Subject.
 */
final class HeaderBlock {

    /** RFC 5322 2.1.1: the hard limit of a line, without its CRLF. */
    static final int MAX_LINE = 998;
    /** RFC 5322 2.1.1: the line length to fold at where the value allows. */
    static final int FOLD_AT = 78;
    /** RFC 2047 2: the longest encoded-word. */
    private static final int MAX_ENCODED_WORD = 75;
    private static final String WORD_PREFIX = "=?UTF-8?B?";
    private static final String WORD_SUFFIX = "?=";
    /** UTF-8 octets per encoded-word: 45 octets are 60 base64 characters, 72 with prefix and suffix. */
    private static final int OCTETS_PER_WORD = (MAX_ENCODED_WORD - WORD_PREFIX.length() - WORD_SUFFIX.length()) / 4 * 3;

    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final StringBuilder sb = new StringBuilder(768);

    /**
     * A structured field (addresses, message ids, MIME parameters) whose value should already be printable
     * US-ASCII. Anything else is neutralised rather than trusted: a control character (CR and LF included, so
     * no second header can be smuggled in) becomes a space, a non-ASCII character a {@code ?}.
     */
    HeaderBlock add(String name, String asciiValue) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < asciiValue.length(); i++) {
            char c = asciiValue.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                flush(token, tokens);
            } else {
                token.append(c < 0x7f ? c : '?');
            }
        }
        flush(token, tokens);
        return field(name, tokens);
    }

    /**
     * An unstructured field (Subject): control characters become spaces, runs of whitespace one space, and a
     * value that is not plain printable ASCII is sent as RFC 2047 encoded-words (UTF-8, base64), cut at code
     * point boundaries. Callers bound the length of untrusted text first ({@link SubjectLine}).
     */
    HeaderBlock addText(String name, String unicodeValue) {
        String text = collapseWhitespace(unicodeValue);
        return field(name, plainAscii(text) ? List.of(text.isEmpty() ? new String[0] : text.split(" "))
                : encodedWords(text, name.length() + 2));
    }

    HeaderBlock date(ZonedDateTime when) {
        return add("Date", RFC_5322.format(when));
    }

    private HeaderBlock field(String name, List<String> tokens) {
        checkName(name);
        int lineLength = name.length() + 1;
        sb.append(name).append(':');
        for (String token : tokens) {
            // Only a structured value nobody bounded could hold a token this long; cut it rather than break
            // the 998-octet limit (the composer validates addresses and ids, so answers never get here).
            for (int start = 0; start < token.length(); start += MAX_LINE - 1) {
                String piece = token.substring(start, Math.min(token.length(), start + MAX_LINE - 1));
                if (lineLength + 1 + piece.length() > FOLD_AT && lineLength > name.length() + 1) {
                    sb.append("\r\n");
                    lineLength = 0;
                }
                sb.append(' ').append(piece);
                lineLength += 1 + piece.length();
            }
        }
        sb.append("\r\n");
        return this;
    }

    private static void checkName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                throw new IllegalArgumentException("not a header field name: " + name);
            }
        }
    }

    private static void flush(StringBuilder token, List<String> tokens) {
        if (!token.isEmpty()) {
            tokens.add(token.toString());
            token.setLength(0);
        }
    }

    /** Control characters and Unicode whitespace become one ASCII space; leading and trailing space is dropped. */
    static String collapseWhitespace(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), 1024));
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = !out.isEmpty();
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /**
     * Whether the text can go out as it is: printable ASCII, no word long enough to need more than a line, and
     * nothing a reader would decode as an encoded-word.
     */
    private static boolean plainAscii(String text) {
        int word = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                word = 0;
            } else if (c < ' ' || c >= 0x7f || ++word > FOLD_AT - 2
                    || (c == '?' && i > 0 && text.charAt(i - 1) == '=')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The whole text as UTF-8 base64 encoded-words of at most 75 characters, none splitting a character; the
     * first is shorter so that it fits on the line after the field name ({@code firstLineUsed} characters).
     */
    private static List<String> encodedWords(String text, int firstLineUsed) {
        List<String> words = new ArrayList<>();
        Base64.Encoder base64 = Base64.getEncoder();
        byte[] chunk = new byte[OCTETS_PER_WORD];
        int firstRoom = (FOLD_AT - firstLineUsed - WORD_PREFIX.length() - WORD_SUFFIX.length()) / 4 * 3;
        int limit = Math.max(6, Math.min(OCTETS_PER_WORD, firstRoom));
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isSurrogate((char) cp) && cp < 0x10000) {
                cp = 0xFFFD; // a lone surrogate has no UTF-8 form
            }
            byte[] octets = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            if (used + octets.length > limit) {
                words.add(WORD_PREFIX + base64.encodeToString(java.util.Arrays.copyOf(chunk, used)) + WORD_SUFFIX);
                used = 0;
                limit = OCTETS_PER_WORD;
            }
            System.arraycopy(octets, 0, chunk, used, octets.length);
            used += octets.length;
        }
        if (used > 0) {
            words.add(WORD_PREFIX + base64.encodeToString(java.util.Arrays.copyOf(chunk, used)) + WORD_SUFFIX);
        }
        return words;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
