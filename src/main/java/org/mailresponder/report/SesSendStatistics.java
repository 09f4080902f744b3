package org.mailresponder.report;

import java.time.Duration;
import java.util.Optional;

/**
 * Hook for the SES part of the stats mail. Bind an implementation as {@code sesSendStatistics} (the SES delivery
 * code does, when SES is the transport); the mail leaves without this section when none is bound, when it answers
 * nothing within the timeout, or when it fails.
 */
public interface SesSendStatistics {

    /**
     * @param max24HourSend    SES quota: messages per 24 h
     * @param sentLast24Hours  messages sent in the last 24 h
     * @param maxSendRate      messages per second
     * @param bounceRate       bounces / delivery attempts over the statistics window (0..1)
     * @param complaintRate    complaints / delivery attempts over the statistics window (0..1)
     */
    record Quota(double max24HourSend, double sentLast24Hours, double maxSendRate, double bounceRate,
                 double complaintRate) {
    }

    /** Must give up within {@code timeout}; empty when the numbers are not available. */
    Optional<Quota> fetch(Duration timeout);
}
