package org.mailresponder.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP stub in front of the SES emulator, for the faults the emulator cannot produce (it never throttles
 * and never rejects an address): the fault function looks at each SES call and either answers with an SES error
 * document or lets the call through to the real emulator. Every SendRawEmail it sees is logged with its first
 * destination, so tests can count attempts per recipient.
 */
final class FaultInjectingSesProxy implements AutoCloseable {

    /** An SES error answer: HTTP status, error type (Sender/Receiver), code and message. */
    record Fault(int status, String type, String code, String message) {
        static Fault throttling() {
            return new Fault(400, "Sender", "Throttling", "Maximum sending rate exceeded.");
        }

        static Fault blacklisted() {
            return new Fault(400, "Sender", "MessageRejected", "Address blacklisted.");
        }

        static Fault tooLong() {
            return new Fault(400, "Sender", "MessageRejected", "Message too long");
        }

        static Fault unavailable() {
            return new Fault(503, "Receiver", "ServiceUnavailable", "Service is unavailable. Try again later.");
        }
    }

    /** One SendRawEmail seen: its first destination, whether a fault was answered, and when it arrived. */
    record Call(String destination, Fault fault, long nanos, long epochMillis) {
    }

    private static final java.util.Set<String> RESTRICTED =
            java.util.Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Function<Map<String, String>, Fault> faults = form -> null;
    /** MaxSendRate answered to GetSendQuota; null passes the call on to the emulator, which never answers it. */
    private volatile Double maxSendRate;
    private final java.util.concurrent.atomic.AtomicInteger quotaCalls = new java.util.concurrent.atomic.AtomicInteger();

    FaultInjectingSesProxy(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Decides per call (given its form fields) which fault to answer, or null to pass it through. */
    void faults(Function<Map<String, String>, Fault> f) {
        faults = f;
    }

    /** Answers GetSendQuota itself with this MaxSendRate (null: pass it on to the emulator, which never answers). */
    void quota(Double maxSendRate) {
        this.maxSendRate = maxSendRate;
    }

    int quotaCalls() {
        return quotaCalls.get();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    long callsTo(String destination) {
        return calls.stream().filter(c -> destination.equals(c.destination())).count();
    }

    void reset() {
        calls.clear();
        faults = form -> null;
        maxSendRate = null;
        quotaCalls.set(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, String> form = parseForm(new String(body, StandardCharsets.UTF_8));
        try {
            Fault fault = null;
            long now = System.nanoTime();
            if ("GetSendQuota".equals(form.get("Action"))) {
                quotaCalls.incrementAndGet();
                Double rate = maxSendRate;
                if (rate != null) {
                    String xml = "<GetSendQuotaResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\">"
                            + "<GetSendQuotaResult><Max24HourSend>50000.0</Max24HourSend><MaxSendRate>" + rate
                            + "</MaxSendRate><SentLast24Hours>0.0</SentLast24Hours></GetSendQuotaResult>"
                            + "<ResponseMetadata><RequestId>stub-quota</RequestId></ResponseMetadata>"
                            + "</GetSendQuotaResponse>";
                    reply(ex, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            if ("SendRawEmail".equals(form.get("Action"))) {
                synchronized (calls) {
                    fault = faults.apply(form);
                    calls.add(new Call(form.get("Destinations.member.1"), fault, now, System.currentTimeMillis()));
                }
            }
            if (fault != null) {
                String xml = "<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>"
                        + fault.type() + "</Type><Code>" + fault.code() + "</Code><Message>" + fault.message()
                        + "</Message></Error><RequestId>stub-" + System.nanoTime() + "</RequestId></ErrorResponse>";
                reply(ex, fault.status(), "text/xml", xml.getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> resp = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(ex, resp.statusCode(), resp.headers().firstValue("Content-Type").orElse("text/xml"), resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 500, "text/plain", new byte[0]);
        }
    }

    private static void reply(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
