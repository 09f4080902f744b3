package org.mailresponder.screen;

import java.util.Locale;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/** RFC 3834: {@code Auto-Submitted} with any value but {@code no} marks mail no one wrote by hand. */
public record AutoSubmitted() implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        String value = req.header("auto-submitted");
        if (value != null && !keyword(value).equals("no")) {
            String shown = value.length() > 100 ? value.substring(0, 100) : value;
            return Verdict.reject(ScreenReason.AUTO_SUBMITTED, "Auto-Submitted: " + shown.strip());
        }
        return null;
    }

    /** The keyword without comments or parameters: {@code auto-replied (vacation)} is auto-replied. */
    static String keyword(String value) {
        String v = value.length() > 200 ? value.substring(0, 200) : value;
        StringBuilder out = new StringBuilder();
        int comment = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '(') {
                comment++;
            } else if (c == ')' && comment > 0) {
                comment--;
            } else if (comment == 0) {
                if (c == ';' || (Character.isWhitespace(c) && out.length() > 0)) {
                    break;
                }
                if (!Character.isWhitespace(c)) {
                    out.append(c);
                }
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
