package org.mailresponder.compose;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
    private static final String DOT_ATOM = ATEXT + "+(?:\\." + ATEXT + "+)*";
    private static final Pattern MSG_ID = Pattern.compile(
            "<" + DOT_ATOM + "@(?:" + DOT_ATOM + "|\\[[\\x21-\\x5a\\x5e-\\x7e]*\\])>");
    /** A candidate between angle brackets, for scanning a References value in one pass. */
    private static final Pattern BRACKETED = Pattern.compile("<[^<>]{0," + (MAX_ID_LENGTH - 2) + "}>");

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
            for (String value : references) {
                if (value != null) {
                    Matcher m = BRACKETED.matcher(value);
                    while (m.find()) {
                        if (valid(m.group())) {
                            ids.add(m.group());
                        }
                    }
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

    static boolean valid(String id) {
        return id.length() <= MAX_ID_LENGTH && MSG_ID.matcher(id).matches();
    }
}
