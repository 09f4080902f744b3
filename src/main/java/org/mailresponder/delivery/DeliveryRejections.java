package org.mailresponder.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.report.RequestOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records answers that a transport rejected for good: one JSON log line (hashed sender only) and the
 * {@code responder.delivery.rejected} counter by transport and reason. The claim in answer_log stays, so the
 * answer is never tried again.
 */
public class DeliveryRejections {

    private static final Logger LOG = LoggerFactory.getLogger("mail-responder.delivery");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeterRegistry registry;
    private final Clock clock;

    public DeliveryRejections(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public void record(OutgoingMail mail, InboundRequest request, String transport, String reason, String detail) {
        Counter.builder("responder.delivery.rejected").description("Answers a transport rejected for good")
                .tag("transport", transport).tag("reason", reason).register(registry).increment();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", clock.instant().toString());
        line.put("event", "delivery-rejected");
        line.put("transport", transport);
        line.put("reason", reason);
        line.put("detail", RequestOutcomes.redact(detail));
        line.put("request", mail.requestId().substring(0, 16));
        line.put("entry", mail.entryIndex());
        line.put("sender", request == null ? "-" : request.shortSenderHash());
        try {
            LOG.warn(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.warn("{\"event\":\"delivery-rejected\",\"reason\":\"{}\"}", reason);
        }
    }

    /** How many answers were rejected for this reason so far (all transports). */
    public double count(String reason) {
        return registry.find("responder.delivery.rejected").tag("reason", reason).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
