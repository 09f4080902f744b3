package org.mailresponder.compose;

/**
 * The Subject of an answer or forward, from the request's decoded Subject, which a stranger controls: control
 * characters and line breaks become spaces, whitespace runs one space, and the text is cut to
 * {@link #MAX_CODE_POINTS} code points (with an ellipsis) before anything else is done with it. Only the first
 * {@link #MAX_SCANNED} characters are ever looked at, so a megabyte Subject costs what a short one costs.
 */
final class SubjectLine {

    /** Longest original subject kept; longer ones are cut and end in an ellipsis. */
    static final int MAX_CODE_POINTS = 200;
    /** Characters of the original read at most: enough for the cut even after many control characters. */
    static final int MAX_SCANNED = 16 * 1024;

    private SubjectLine() {
    }

    /** {@code Re: <original>}, or the original itself when it already starts with {@code Re:}. */
    static String reply(String original) {
        String s = clean(original);
        if (s.regionMatches(true, 0, "re:", 0, 3)) {
            return s;
        }
        return s.isEmpty() ? "Re:" : "Re: " + s;
    }

    /** The original, cleaned and bounded; empty for null. */
    static String clean(String original) {
        if (original == null) {
            return "";
        }
        String head = original.length() > MAX_SCANNED ? original.substring(0, MAX_SCANNED) : original;
        String text = HeaderBlock.collapseWhitespace(head);
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints > MAX_CODE_POINTS || head.length() < original.length()) {
            int end = text.offsetByCodePoints(0, Math.min(codePoints, MAX_CODE_POINTS));
            text = text.substring(0, end).stripTrailing() + "\u2026";
        }
        return text;
    }
}
