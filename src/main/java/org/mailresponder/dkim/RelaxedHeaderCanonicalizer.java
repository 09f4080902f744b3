package org.mailresponder.dkim;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.SignatureException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The "relaxed" header canonicalisation of RFC 6376 (3.4.2), fed into a signature in the order of h= (5.4.2). jDKIM
 * 0.5 does the same with two regular expressions compiled per signed field, some 2 % of the CPU an answer costs; its
 * method is static, so it cannot be given a faster one. The bytes are US-ASCII, as the answer's header block is
 * written ({@code OutgoingMail}).
 */
final class RelaxedHeaderCanonicalizer {

    private static final byte[] CRLF = {'\r', '\n'};

    private RelaxedHeaderCanonicalizer() {
    }

    /**
     * Feeds each field named in {@code signedNames} in turn, each followed by CRLF. A name listed twice takes the
     * field's occurrences from the bottom up; a name listed more often than it occurs feeds nothing for the surplus
     * (which signs the field's absence: one added later breaks the signature).
     */
    static void feed(HeaderFields fields, List<String> signedNames, Signature signature) throws SignatureException {
        Map<String, Integer> taken = new HashMap<>();
        for (String name : signedNames) {
            int occurrence = taken.merge(name, 1, Integer::sum);
            String field = fields.fromBottom(name, occurrence);
            if (field != null) {
                signature.update(canonical(field));
                signature.update(CRLF);
            }
        }
    }

    /**
     * One field (name, colon, value, folded lines kept, no CRLF at its end) in relaxed form: the name in lower case,
     * no whitespace around the colon, the value unfolded, every run of spaces and tabs one space, none at either end.
     */
    static byte[] canonical(String field) {
        int colon = field.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a header field without a colon cannot be signed");
        }
        StringBuilder out = new StringBuilder(field.length());
        out.append(field.substring(0, colon).strip().toLowerCase(Locale.ROOT)).append(':');
        boolean space = false;
        boolean value = false;
        for (int i = colon + 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space && value) {
                out.append(' ');
            }
            space = false;
            value = true;
            out.append(c);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
