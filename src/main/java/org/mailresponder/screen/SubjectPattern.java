package org.mailresponder.screen;

import java.util.regex.Pattern;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/**
 * A subject that only a machine writes: the start of the decoded subject matches a configured pattern. The last
 * and weakest evidence, so the patterns are narrow and anchored; the pattern never sees more than the subject's
 * first {@link #SUBJECT_CHARS} characters.
 */
public record SubjectPattern(Pattern pattern, ScreenReason reason, boolean forward, String what) implements ScreenRule {

    static final int SUBJECT_CHARS = 200;

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        if (pattern == null) {
            return null;
        }
        String subject = req.subject();
        if (subject.length() > SUBJECT_CHARS) {
            subject = subject.substring(0, SUBJECT_CHARS);
        }
        if (!pattern.matcher(subject).find()) {
            return null;
        }
        String detail = what + " subject";
        return forward ? Verdict.forward(reason, detail) : Verdict.reject(reason, detail);
    }
}
