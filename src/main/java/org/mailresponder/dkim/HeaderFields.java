package org.mailresponder.dkim;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.jdkim.api.Headers;

/**
 * An answer's header block as jDKIM sees headers: one string per field, folded lines kept, no trailing CRLF.
 * jDKIM's own {@code Message} would parse the whole mail with mime4j; the composer already produced a clean
 * CRLF header block, so splitting it is all that is needed and the body is never touched.
 */
final class HeaderFields implements Headers {

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

    @Override
    public List<String> getFields() {
        return fields;
    }

    @Override
    public List<String> getFields(String name) {
        List<String> matching = new ArrayList<>(2);
        for (String f : fields) {
            int colon = f.indexOf(':');
            if (colon > 0 && f.substring(0, colon).trim().equalsIgnoreCase(name)) {
                matching.add(f);
            }
        }
        return matching;
    }
}
