package org.mailresponder.dkim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.api.Result;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.mailresponder.inbound.AuthenticationResults.DkimStatus;
import org.mailresponder.inbound.InboundDkimVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a request's DKIM signatures with Apache jDKIM when the MTA recorded no result. A request passes when
 * one valid signature's d= is the sender's domain or a parent of it (relaxed alignment, as for a trusted
 * Authentication-Results). Keys come from {@code key records} — DNS in service, a fixed table in tests.
 *
 * <p>A key lookup that fails temporarily (DNS timeout, SERVFAIL) is reported as {@code NONE}, not {@code FAIL}:
 * the signature was not shown to be bad, and the policy decides what an unverified request gets.
 */
public class JdkimInboundVerifier implements InboundDkimVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(JdkimInboundVerifier.class);

    private final PublicKeyRecordRetriever keyRecords;

    public JdkimInboundVerifier(PublicKeyRecordRetriever keyRecords) {
        this.keyRecords = keyRecords;
    }

    @Override
    public DkimStatus verify(byte[] raw, String senderDomain) {
        String domain = senderDomain.toLowerCase(Locale.ROOT);
        // DKIMVerifier keeps per-call results, so each verification gets its own.
        DKIMVerifier verifier = new DKIMVerifier(keyRecords);
        List<SignatureRecord> valid;
        try {
            valid = verifier.verify(new ByteArrayInputStream(raw));
        } catch (TempFailException e) {
            LOG.warn("DKIM key lookup for a signature on mail from domain {} failed temporarily ({}); treating it as unverified",
                    domain, e.getMessage());
            return DkimStatus.NONE;
        } catch (FailException e) {
            if (onlyTemporaryFailures(verifier.getResults())) {
                LOG.warn("DKIM key lookup for mail from domain {} failed temporarily ({}); treating it as unverified",
                        domain, e.getMessage());
                return DkimStatus.NONE;
            }
            LOG.debug("DKIM signature on mail from domain {} does not verify: {}", domain, e.getMessage());
            return DkimStatus.FAIL;
        } catch (IOException | RuntimeException e) {
            LOG.debug("DKIM verification of mail from domain {} failed: {}", domain, e.toString());
            return DkimStatus.FAIL;
        }
        if (valid == null || valid.isEmpty()) {
            return DkimStatus.NONE;
        }
        for (SignatureRecord s : valid) {
            String d = s.getDToken().toString().toLowerCase(Locale.ROOT);
            if (domain.equals(d) || domain.endsWith("." + d)) {
                return DkimStatus.PASS;
            }
        }
        LOG.debug("DKIM signature valid but for another domain than the sender's {}", domain);
        return DkimStatus.FAIL;
    }

    private static boolean onlyTemporaryFailures(List<Result> results) {
        return !results.isEmpty() && results.stream().allMatch(r -> r.getResultType() == Result.Type.TEMPERROR);
    }
}
