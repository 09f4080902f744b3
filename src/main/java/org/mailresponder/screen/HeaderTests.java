package org.mailresponder.screen;

import java.util.List;
import java.util.Locale;

import org.mailresponder.inbound.InboundRequest;

/**
 * A configured list of header tests, case-insensitive: {@code name} matches when the header is present,
 * {@code name:word} when one of its values contains the word.
 */
public record HeaderTests(List<Test> tests) {

    /** One test; {@code word} null means presence. */
    public record Test(String name, String word) {
        @Override
        public String toString() {
            return word == null ? name : name + ": " + word;
        }
    }

    public static HeaderTests parse(String csv) {
        if (csv == null || csv.isBlank()) {
            return new HeaderTests(List.of());
        }
        return new HeaderTests(List.of(csv.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> {
                    int colon = s.indexOf(':');
                    return colon < 0 ? new Test(s.toLowerCase(Locale.ROOT), null)
                            : new Test(s.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            s.substring(colon + 1).strip().toLowerCase(Locale.ROOT));
                }).toList());
    }

    /** The first test the request passes, or null. */
    public Test match(InboundRequest req) {
        for (Test t : tests) {
            if (t.word() == null) {
                if (req.hasHeader(t.name())) {
                    return t;
                }
            } else {
                for (String v : req.headerValues(t.name())) {
                    String head = v.length() > 1000 ? v.substring(0, 1000) : v;
                    if (head.toLowerCase(Locale.ROOT).contains(t.word())) {
                        return t;
                    }
                }
            }
        }
        return null;
    }
}
