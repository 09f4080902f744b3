package org.mailresponder.inbound;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Decodes RFC 2047 encoded words in a header value, word by word: a word whose charset is unknown or whose
 * encoding is broken stays as it was written, and never spoils the words around it. Adjacent encoded words in one
 * charset are joined before decoding, because encoders split multi-byte characters across them. One pass, linear in
 * the input: Jakarta Mail fails the whole header on one unknown charset, and regular-expression decoders backtrack
 * on hostile input.
 */
public final class EncodedWords {

    /**
     * Distinct charset names looked up per header. A name the JDK does not know costs a scan of the class path's
     * charset providers (about a millisecond); a hostile subject of thousands of made-up names must not pay that
     * thousands of times. Real headers use one or two.
     */
    private static final int MAX_CHARSET_NAMES = 8;

    private EncodedWords() {
    }

    /** One syntactically valid encoded word found at {@code start}, ending before {@code end}. */
    private record Word(int start, int end, String charset, char encoding, String text) {
    }

    public static String decode(String value) {
        if (value == null || value.indexOf("=?") < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
        Charset pendingCharset = null;
        StringBuilder pendingRaw = null;
        int pos = 0;
        int searchFrom = 0;
        java.util.Map<String, Charset> charsets = new java.util.HashMap<>();
        while (true) {
            int start = value.indexOf("=?", searchFrom);
            Word w = start < 0 ? null : word(value, start);
            if (start >= 0 && w == null && start + 2 < value.length()) {
                searchFrom = start + 2;
                continue;
            }
            if (w == null) {
                break;
            }
            String between = value.substring(pos, w.start());
            byte[] bytes = bytes(w);
            Charset cs = charset(charsets, w.charset());
            boolean adjacent = pendingRaw != null && between.isBlank();
            if (adjacent && bytes != null && cs != null && cs.equals(pendingCharset)) {
                pendingBytes.writeBytes(bytes);
                pendingRaw.append(value, w.start(), w.end());
            } else {
                flush(out, pendingBytes, pendingCharset, pendingRaw);
                if (!adjacent) {
                    out.append(between);
                }
                pendingBytes.reset();
                if (bytes != null && cs != null) {
                    pendingBytes.writeBytes(bytes);
                    pendingCharset = cs;
                } else {
                    pendingCharset = null;
                }
                pendingRaw = new StringBuilder(value.substring(w.start(), w.end()));
            }
            pos = w.end();
            searchFrom = pos;
        }
        flush(out, pendingBytes, pendingCharset, pendingRaw);
        out.append(value, pos, value.length());
        return out.toString();
    }

    private static Charset charset(java.util.Map<String, Charset> seen, String name) {
        if (seen.containsKey(name)) {
            return seen.get(name);
        }
        Charset cs = seen.size() < MAX_CHARSET_NAMES ? MailCharsets.forName(name) : null;
        if (seen.size() < MAX_CHARSET_NAMES) {
            seen.put(name, cs);
        }
        return cs;
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream bytes, Charset cs, CharSequence raw) {
        if (raw == null) {
            return;
        }
        if (cs == null) {
            out.append(raw);
            return;
        }
        CharsetDecoder decoder = cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            out.append(decoder.decode(ByteBuffer.wrap(bytes.toByteArray())));
        } catch (java.nio.charset.CharacterCodingException | RuntimeException e) {
            out.append(raw);
        }
    }

    /**
     * The encoded word starting at {@code start} ({@code =?charset?B|Q?text?=}), or null. Every scan stops at the
     * next {@code ?}, which an encoded word's text cannot contain, so no byte is looked at more than a few times.
     */
    private static Word word(String s, int start) {
        int q1 = s.indexOf('?', start + 2);
        if (q1 < 0 || q1 == start + 2 || q1 + 2 >= s.length() || s.charAt(q1 + 2) != '?') {
            return null;
        }
        char enc = Character.toUpperCase(s.charAt(q1 + 1));
        if (enc != 'B' && enc != 'Q') {
            return null;
        }
        int q3 = s.indexOf('?', q1 + 3);
        if (q3 < 0 || q3 + 1 >= s.length() || s.charAt(q3 + 1) != '=') {
            return null;
        }
        String charset = s.substring(start + 2, q1);
        for (int i = 0; i < charset.length(); i++) {
            char c = charset.charAt(i);
            if (c <= ' ' || c == '=' || c > '~') {
                return null;
            }
        }
        return new Word(start, q3 + 2, charset, enc, s.substring(q1 + 3, q3));
    }

    private static byte[] bytes(Word w) {
        try {
            return w.encoding() == 'B' ? base64(w.text()) : q(w.text());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] base64(String text) {
        String t = text.strip();
        // a unit of one character cannot be decoded; clients that cut words mid-unit leave one
        int data = t.length() - (t.endsWith("==") ? 2 : t.endsWith("=") ? 1 : 0);
        if (data % 4 == 1) {
            t = t.substring(0, data - 1);
        }
        return Base64.getMimeDecoder().decode(t.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] q(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
                    && hex(text.charAt(i + 2)) >= 0) {
                out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                out.write(c > 0xff ? '?' : c);
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
