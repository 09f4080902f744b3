package org.mailresponder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The service as an operator runs it: {@code java … org.mailresponder.app.MailResponder} in a working directory of its
 * own (a copy of the project's {@code config/}), on the embedded default unless properties say otherwise, in a JVM
 * of its own — so that its H2 file is locked against the test JVM exactly as it is against an admin command.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The project directory, where Maven runs the tests. */
    public static final Path PROJECT = Path.of("").toAbsolutePath();

    private final Process process;
    private final Path workDir;
    private final Path log;
    private final int managementPort;

    private ServiceProcess(Process process, Path workDir, Path log, int managementPort) {
        this.process = process;
        this.workDir = workDir;
        this.log = log;
        this.managementPort = managementPort;
    }

    /** A working directory holding a copy of the project's {@code config/} (responder.json, buckets, samples). */
    public static Path prepareWorkDir(Path dir) {
        try {
            Path config = PROJECT.resolve("config");
            try (Stream<Path> all = Files.walk(config)) {
                for (Path f : (Iterable<Path>) all::iterator) {
                    Path target = dir.resolve("config").resolve(config.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder in(Path workDir) {
        return new Builder(workDir);
    }

    public static final class Builder {
        private final Path workDir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private int managementPort = ResponderRouteTest.freePort();

        private Builder(Path workDir) {
            this.workDir = workDir;
            properties.put("camel.management.port", String.valueOf(managementPort));
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            if (key.equals("camel.management.port")) {
                managementPort = Integer.parseInt(value);
            }
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public ServiceProcess start() throws IOException {
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path")));
            properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.add("org.mailresponder.app.MailResponder");
            cmd.addAll(args);
            Path log = workDir.resolve("service.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(environment);
            return new ServiceProcess(pb.start(), workDir, log, managementPort);
        }
    }

    public int managementPort() {
        return managementPort;
    }

    public Path workDir() {
        return workDir;
    }

    public String log() {
        try {
            return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the service answers on /observe/health/live; fails with its log if it exits or takes too long. */
    public ServiceProcess awaitStarted(Duration limit) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + managementPort + "/observe/health/live"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 && log().contains("started in")) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not start within " + limit + ":\n" + log());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
