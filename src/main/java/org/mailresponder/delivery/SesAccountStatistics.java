package org.mailresponder.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.mailresponder.report.SesSendStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.GetSendQuotaRequest;
import software.amazon.awssdk.services.ses.model.GetSendQuotaResponse;
import software.amazon.awssdk.services.ses.model.GetSendStatisticsRequest;
import software.amazon.awssdk.services.ses.model.SendDataPoint;

/**
 * The SES account's send quota and its bounce and complaint rates over the statistics window SES keeps (the last
 * two weeks), for the daily stats mail. Both calls are bounded by the caller's timeout: the mail never waits on SES.
 */
public class SesAccountStatistics implements SesSendStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(SesAccountStatistics.class);

    private final SesClient ses;

    public SesAccountStatistics(SesClient ses) {
        this.ses = ses;
    }

    @Override
    public Optional<Quota> fetch(Duration timeout) {
        try {
            return Optional.of(CompletableFuture.supplyAsync(() -> quota(timeout))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            LOG.warn("SES send quota and statistics unavailable within {} ms: {}", timeout.toMillis(), e.toString());
            return Optional.empty();
        }
    }

    private Quota quota(Duration timeout) {
        try {
            GetSendQuotaResponse q = ses.getSendQuota(GetSendQuotaRequest.builder()
                    .overrideConfiguration(c -> c.apiCallTimeout(timeout)).build());
            long attempts = 0;
            long bounces = 0;
            long complaints = 0;
            for (SendDataPoint p : ses.getSendStatistics(GetSendStatisticsRequest.builder()
                    .overrideConfiguration(c -> c.apiCallTimeout(timeout)).build()).sendDataPoints()) {
                attempts += nz(p.deliveryAttempts());
                bounces += nz(p.bounces());
                complaints += nz(p.complaints());
            }
            return new Quota(q.max24HourSend(), q.sentLast24Hours(), q.maxSendRate(),
                    attempts == 0 ? 0 : (double) bounces / attempts, attempts == 0 ? 0 : (double) complaints / attempts);
        } catch (SdkException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }
}
