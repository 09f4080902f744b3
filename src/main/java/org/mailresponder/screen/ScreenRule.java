package org.mailresponder.screen;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.Verdict;

/**
 * One test of the screen, named for what it tests (in the manner of Apache James's matchers): the verdict when the
 * request matches, else null. Rules run in a fixed order and the first match decides.
 */
public interface ScreenRule {

    Verdict test(InboundRequest request, ResponderConfig config);
}
