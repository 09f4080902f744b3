package org.mailresponder.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Whether a delivery transport can be reached: for an SMTP relay a TCP connection that gets the relay's
 * {@code 220} greeting (then {@code QUIT}); for SES, or an SMTP relay with implicit TLS, a TCP connection to its
 * endpoint. A relay that refuses connections, a black-holed address (no answer within the timeout) or a relay
 * that greets with 4xx/5xx makes the replica not ready, before requests pile up as outages.
 */
public class TransportProbe implements ReadinessProbe {

    private final String name;
    private final String host;
    private final int port;
    private final boolean smtpGreeting;
    private final int timeoutMillis;

    private TransportProbe(String name, String host, int port, boolean smtpGreeting, long timeoutMillis) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.smtpGreeting = smtpGreeting;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis));
    }

    public static TransportProbe smtp(String protocol, String host, int port, long timeoutMillis) {
        return new TransportProbe("SMTP relay", host, port, !"smtps".equalsIgnoreCase(protocol), timeoutMillis);
    }

    /** @param endpoint the endpoint override, or blank for AWS's endpoint of the region */
    public static TransportProbe ses(String region, String endpoint, long timeoutMillis) {
        URI uri = URI.create(endpoint == null || endpoint.isBlank()
                ? "https://email." + region + ".amazonaws.com" : endpoint);
        int port = uri.getPort() > 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        return new TransportProbe("SES endpoint", uri.getHost(), port, false, timeoutMillis);
    }

    @Override
    public String problem() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            if (!smtpGreeting) {
                return null;
            }
            s.setSoTimeout(timeoutMillis);
            String greeting = readLine(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return greeting.startsWith("220") ? null
                    : name + " " + host + ":" + port + " greets with \"" + abbreviate(greeting) + "\"";
        } catch (IOException e) {
            return name + " " + host + ":" + port + " cannot be reached within " + timeoutMillis + " ms: " + e;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n' && sb.length() < 512; ) {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
}
