package org.mailresponder.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

/**
 * The SES emulator {@code aws-ses-v2-local} (npm, installed under test-peers/ by {@code npm install}, which
 * .ci/run does) started on a free loopback port for one test class. It keeps only parsed fields of each mail:
 * from, to, subject, text, html and attachments. Where it is not installed the test is skipped, loudly, unless
 * CI=true, where that is an error.
 */
public final class SesEmulator implements AutoCloseable {

    private static final Path CLI = Path.of("test-peers/node_modules/aws-ses-v2-local/dist/cli.js").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SesEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static SesEmulator start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(CLI)) {
            String why = "SES emulator not installed at " + CLI + "; run: (cd test-peers && npm install)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but " + why);
            }
            System.err.println("[SesEmulator] SKIPPING: " + why);
            Assumptions.abort(why);
        }
        int port = ResponderRouteTest.freePort();
        Process p = new ProcessBuilder("node", CLI.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        SesEmulator emulator = new SesEmulator(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("SES emulator exited with " + p.exitValue());
            }
            try {
                if (emulator.get("/health-check").statusCode() == 200) {
                    return emulator;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        emulator.close();
        throw new IllegalStateException("SES emulator did not answer on port " + port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The mails received so far, oldest first. */
    public List<JsonNode> emails() throws IOException, InterruptedException {
        JsonNode store = JSON.readTree(get("/store").body());
        List<JsonNode> out = new ArrayList<>();
        store.path("emails").forEach(out::add);
        return out;
    }

    public void clear() throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/clear-store"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint() + path)).timeout(Duration.ofSeconds(5)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
