package org.mailresponder.dkim;

import java.util.ArrayList;
import java.util.List;

/**
 * An answer's header block split into its fields: one string per field, folded lines kept, no trailing CRLF.
 * jDKIM's own {@code Message} would parse the whole mail with mime4j; the composer already produced a clean
 * CRLF header block, so splitting it is all that is needed and the body is never touched.
 */
final class HeaderFields {

    private final List<String> fields;

    HeaderFields(String headerBlock) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = headerBlock.length();
        while (start < n) {
            int end = start;
            // A field ends at a CRLF not followed by folding whitespace.
            while (true) {
                int crlf = headerBlock.indexOf("\r\n", end);
                if (crlf < 0) {
                    end = n;
                    break;
                }
                end = crlf;
                if (crlf + 2 < n && (headerBlock.charAt(crlf + 2) == ' ' || headerBlock.charAt(crlf + 2) == '\t')) {
                    end = crlf + 2;
                    continue;
                }
                break;
            }
            if (end > start) {
                out.add(headerBlock.substring(start, end));
            }
            start = Math.min(n, end + 2);
        }
        this.fields = List.copyOf(out);
    }

    /**
     * The {@code occurrence}-th field named {@code name} (case-insensitive) counted from the bottom, 1 being the
     * last; null when there are fewer.
     */
    String fromBottom(String name, int occurrence) {
        int seen = 0;
        for (int i = fields.size() - 1; i >= 0; i--) {
            String f = fields.get(i);
            int end = f.indexOf(':');
            while (end > 0 && (f.charAt(end - 1) == ' ' || f.charAt(end - 1) == '\t')) {
                end--;
            }
            if (end == name.length() && f.regionMatches(true, 0, name, 0, end) && ++seen == occurrence) {
                return f;
            }
        }
        return null;
    }
}
