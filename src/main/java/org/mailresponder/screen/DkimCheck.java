package org.mailresponder.screen;

import java.util.Locale;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.AuthenticationResults;
import org.mailresponder.inbound.DkimPolicy;
import org.mailresponder.inbound.InboundDkimVerifier;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound DKIM policy: the trusted MTA's {@code Authentication-Results}, re-verified in-process when it says
 * {@code none} and the mail is signed; {@code require} rejects a failed or missing pass, {@code warn} only logs.
 */
public record DkimCheck(DkimPolicy policy, InboundDkimVerifier verifier) implements ScreenRule {

    private static final Logger LOG = LoggerFactory.getLogger(DkimCheck.class);

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        String domain = req.senderDomain();
        if (!policy.appliesTo(domain)) {
            return null;
        }
        AuthenticationResults.DkimStatus status = AuthenticationResults.dkimStatus(
                req.headerValues("authentication-results"), policy.trustedAuthservIds(), domain);
        if (status == AuthenticationResults.DkimStatus.NONE && req.hasHeader("dkim-signature")) {
            status = verifier.verify(req.raw(), domain);
        }
        if (status == AuthenticationResults.DkimStatus.PASS) {
            return null;
        }
        ScreenReason reason = status == AuthenticationResults.DkimStatus.FAIL
                ? ScreenReason.DKIM_FAIL : ScreenReason.DKIM_MISSING;
        if (policy.mode() == DkimPolicy.Mode.WARN) {
            LOG.warn("Request {} from #{} would be rejected as {} (responder.dkim.policy=warn, answering)",
                    req.requestId(), req.shortSenderHash(), reason.code());
            return null;
        }
        return Verdict.reject(reason, "DKIM " + status.name().toLowerCase(Locale.ROOT) + " for " + domain);
    }
}
