package org.mailresponder.compose;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code In-Reply-To} and {@code References} of an answer. They are copied from the request only as syntactically
 * valid message ids (RFC 5322 3.6.4, {@code <dot-atom-text@dot-atom-text>} or a domain literal on the right) of at
 * most {@link #MAX_ID_LENGTH} characters, never decoded; anything else is left out, and References keeps the
 * first id of the thread and the most recent ones, {@link #MAX_REFERENCES} in all.
 *
 * @param inReplyTo  the request's Message-ID, or null when it had no valid one (then no References either)
 * @param references the ids for References, ending with {@code inReplyTo}; empty when {@code inReplyTo} is null
 */
record ReplyThreading(String inReplyTo, List<String> references) {

    /** Longer ids are not copied; a real one is well under 100 characters. */
    static final int MAX_ID_LENGTH = 250;
    /** References of an answer at most, the request's own id included. */
    static final int MAX_REFERENCES = 20;

    /** Characters read from each end of a References value longer than twice this. */
    private static final int SCAN_CHARS = MAX_REFERENCES * (MAX_ID_LENGTH + 1);
    private static final String ATEXT_SPECIALS = "!#$%&'*+/=?^_`{|}~-";

    static final ReplyThreading NONE = new ReplyThreading(null, List.of());

    /**
     * @param messageId  the request's Message-ID header as received (may be null, hostile or huge)
     * @param references the request's References ids or raw References values (may be hostile or huge)
     */
    static ReplyThreading of(String messageId, Collection<String> references) {
        String own = messageId == null ? null : messageId.strip();
        if (own == null || !valid(own)) {
            return NONE;
        }
        Set<String> ids = new LinkedHashSet<>();
        if (references != null) {
            // Only the start of the thread and its latest ids are kept, so only the head and the tail of a huge
            // References (a stranger's 4 MB of ids) are read: the cost is bounded whatever comes in.
            List<String> values = new ArrayList<>(references);
            if (values.size() > 2 * MAX_REFERENCES) {
                List<String> ends = new ArrayList<>(values.subList(0, MAX_REFERENCES));
                ends.addAll(values.subList(values.size() - MAX_REFERENCES, values.size()));
                values = ends;
            }
            for (String value : values) {
                if (value == null) {
                    continue;
                }
                if (value.length() > 2 * SCAN_CHARS) {
                    scan(value.substring(0, SCAN_CHARS), ids);
                    scan(value.substring(value.length() - SCAN_CHARS), ids);
                } else {
                    scan(value, ids);
                }
            }
        }
        ids.remove(own);
        List<String> kept = new ArrayList<>(ids);
        if (kept.size() > MAX_REFERENCES - 1) {
            // RFC 5322 3.6.4 suggests keeping the first (the thread's start) when trimming
            List<String> trimmed = new ArrayList<>(MAX_REFERENCES);
            trimmed.add(kept.get(0));
            trimmed.addAll(kept.subList(kept.size() - (MAX_REFERENCES - 2), kept.size()));
            kept = trimmed;
        }
        kept.add(own);
        return new ReplyThreading(own, List.copyOf(kept));
    }

    /** Each '<' starts a candidate that ends at the next '>'; text between ids (CFWS) is skipped. */
    private static void scan(String value, Set<String> ids) {
        for (int open = value.indexOf('<'); open >= 0; open = value.indexOf('<', open + 1)) {
            int close = value.indexOf('>', open);
            if (close < 0) {
                return;
            }
            if (close - open < MAX_ID_LENGTH && valid(value, open, close + 1)) {
                ids.add(value.substring(open, close + 1));
            }
        }
    }

    static boolean valid(String id) {
        return valid(id, 0, id.length());
    }

    /** {@code msg-id = "<" dot-atom-text "@" (dot-atom-text / "[" *dtext "]") ">"}, in {@code s[from, to)}. */
    private static boolean valid(String s, int from, int to) {
        if (to - from > MAX_ID_LENGTH || to - from < 5 || s.charAt(from) != '<' || s.charAt(to - 1) != '>') {
            return false;
        }
        int at = s.indexOf('@', from);
        if (at < 0 || at >= to - 1 || !dotAtom(s, from + 1, at)) {
            return false;
        }
        if (s.charAt(at + 1) == '[') {
            if (s.charAt(to - 2) != ']' || to - 2 <= at + 1) {
                return false;
            }
            for (int i = at + 2; i < to - 2; i++) {
                char c = s.charAt(i);
                if (c < 0x21 || c > 0x7e || c == '[' || c == ']' || c == '\\') {
                    return false;
                }
            }
            return true;
        }
        return dotAtom(s, at + 1, to - 1);
    }

    private static boolean dotAtom(String s, int from, int to) {
        if (from >= to || s.charAt(from) == '.' || s.charAt(to - 1) == '.') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean atext = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ATEXT_SPECIALS.indexOf(c) >= 0;
            if (!atext && !(c == '.' && s.charAt(i - 1) != '.')) {
                return false;
            }
        }
        return true;
    }
}
