package org.mailresponder.admin;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeUtility;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.database.SqlFile;
import org.mailresponder.inbound.AnswerPlan;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.screen.RequestIntake;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.ratelimit.SenderLists;
import org.mailresponder.report.RequestOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's {@code mail_direct}: an address's answers sent to a person as if in answer to a request from them,
 * through the service's own {@code send-once} route (claimed in answer_log, DKIM-signed, delivered by the configured
 * transport). Not screened and not counted against the daily limit (an operator decided to send), but never to a
 * sender or domain on the block list, nor to one of the responder's own addresses.
 *
 * <p>The request is keyed by day, address, recipient and subject, so running the same command again the same day
 * sends only what did not go out the first time; {@code again} makes it a new request. Each run is recorded in
 * table {@code operator_send} and as one JSON line on {@code mail-responder.requests}, with the recipient only as
 * its hash.
 */
final class OperatorSend {

    private static final String RECORD = SqlFile.read("operator-send-record");

    private static final Logger REQUESTS = LoggerFactory.getLogger("mail-responder.requests");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to each of the address's answers. */
    record Result(InboundRequest request, int total, int sentNow, int sentBefore, List<String> failures, String method) {

        String outcome() {
            if (!failures.isEmpty()) {
                return sentNow > 0 ? "partly-sent" : "failed";
            }
            return sentNow == 0 ? "already-sent" : "sent";
        }
    }

    private final RequestIntake intake;
    private final AnswerComposer composer;
    private final DeliveryMethods methods;
    private final SenderLimits limits;
    private final SenderLists lists;
    private final DataSource database;
    private final Clock clock;

    OperatorSend(RequestIntake intake, AnswerComposer composer, DeliveryMethods methods, SenderLimits limits,
                 SenderLists lists, DataSource database, Clock clock) {
        this.intake = intake;
        this.composer = composer;
        this.methods = methods;
        this.limits = limits;
        this.lists = lists;
        this.database = database;
        this.clock = clock;
    }

    /** The synthetic request: from the person, to the served address, with a Message-ID derived from the key. */
    InboundRequest request(String address, String recipient, String subject, boolean again)
            throws MalformedRequestException {
        String key = limits.today() + "\u0000" + address + "\u0000" + recipient.toLowerCase(java.util.Locale.ROOT)
                + "\u0000" + subject + (again ? "\u0000" + nonce() : "");
        String domain = address.substring(address.lastIndexOf('@') + 1);
        String headers = "From: " + recipient + "\r\n"
                + "To: " + address + "\r\n"
                + "X-Original-To: " + address + "\r\n"
                + (subject.isEmpty() ? "" : "Subject: " + encode(subject) + "\r\n")
                + "Message-ID: <send." + sha256(key).substring(0, 32) + "@" + domain + ">\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock)) + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n";
        byte[] raw = (headers + "\r\n(sent by an operator with mail-responder send)\r\n").getBytes(StandardCharsets.UTF_8);
        InboundRequest request = intake.parse(raw);
        if (!address.equals(request.requestedAddress())) {
            throw new IllegalArgumentException(address + " is not an address the config serves");
        }
        return request;
    }

    Result send(InboundRequest request, ProducerTemplate routes) throws SQLException {
        Verdict verdict = intake.screen(request);
        if (verdict.reason() == ScreenReason.UNKNOWN_ADDRESS) {
            throw new IllegalArgumentException(request.requestedAddress() + " is not an address the config serves");
        }
        if (verdict.reason() == ScreenReason.OWN_ADDRESS || verdict.reason() == ScreenReason.COMPLAINT) {
            throw new IllegalArgumentException("the recipient is one of the responder's own addresses");
        }
        if (limits.decide(lists.hits(request.senderHash(), request.senderDomain()), request.senderDomain())
                == SenderLimits.Decision.BLOCK) {
            throw new IllegalStateException("the recipient or its domain is on the block list (limits show "
                    + "<address>; limits unblock it first if it should get mail)");
        }
        AnswerPlan plan = intake.plan(request);
        int sentNow = 0;
        int sentBefore = 0;
        List<String> failures = new ArrayList<>();
        String method = null;
        for (ConfigEntry entry : plan.entries()) {
            OutgoingMail mail;
            try {
                mail = composer.compose(request, entry, plan.configVersion());
            } catch (MalformedRequestException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            method = methods.resolve(mail).routeName();
            Exchange done = routes.send("direct:send-once", e -> {
                e.getIn().setBody(mail);
                e.setProperty("request", request);
            });
            if (done.getException() != null) {
                failures.add("mail " + (entry.index() + 1) + ": " + RequestOutcomes.redact(
                        AdminCommandLine.oneLine(done.getException())));
            } else if ("true".equals(String.valueOf(done.getProperty("deliveryRejected")))) {
                failures.add("mail " + (entry.index() + 1) + ": rejected by the transport: " + RequestOutcomes.redact(
                        String.valueOf(done.getProperty("rejectionDetail"))));
            } else if ("true".equals(String.valueOf(done.getProperty("delivered")))) {
                sentNow++;
            } else {
                sentBefore++;
            }
        }
        Result result = new Result(request, plan.entries().size(), sentNow, sentBefore, failures, method);
        record(result);
        return result;
    }

    private void record(Result r) throws SQLException {
        if (r.sentNow() > 0) {
            try (Connection c = database.getConnection(); PreparedStatement st = c.prepareStatement(RECORD)) {
                st.setString(1, r.request().requestId());
                st.setString(2, r.request().senderHash());
                st.setString(3, r.request().requestedAddress());
                st.setInt(4, r.sentNow());
                st.setInt(5, r.total());
                st.setString(6, r.method() == null ? "-" : r.method());
                st.setTimestamp(7, Timestamp.from(clock.instant()));
                st.executeUpdate();
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", clock.instant().toString());
        line.put("event", "send");
        line.put("outcome", r.outcome());
        line.put("requested", r.request().requestedAddress());
        line.put("sender", r.request().shortSenderHash());
        line.put("request", r.request().requestId().substring(0, 16));
        line.put("sent", r.sentNow());
        line.put("sent_before", r.sentBefore());
        line.put("entries", r.total());
        line.put("via", r.method());
        if (!r.failures().isEmpty()) {
            line.put("reason", String.join("; ", r.failures()));
        }
        try {
            REQUESTS.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            REQUESTS.info("{\"event\":\"send\",\"outcome\":\"{}\"}", r.outcome());
        }
    }

    private static String encode(String subject) {
        try {
            return MimeUtility.encodeText(subject, "UTF-8", "B");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nonce() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
