package org.mailresponder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as a second replica in its own JVM (Quartz keeps one scheduler per name per JVM, so a second
 * replica in the test JVM is not possible), on the test's database, with its own folders under {@code dir}.
 */
public final class ServiceReplica implements AutoCloseable {

    private final Process process;

    private ServiceReplica(Process process) {
        this.process = process;
    }

    public static ServiceReplica start(Path dir, TestDatabaseExtension db, Map<String, String> properties) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("responder.db.url", db.url());
        props.put("responder.db.user", db.user());
        props.put("responder.maildir", dir.resolve("maildir").toString());
        props.put("responder.outbox", dir.resolve("outbox").toString());
        props.put("responder.data-dir", dir.resolve("data").toString());
        props.put("responder.rate-limit.hash-key", "test-hash-key-0123456789");
        props.put("camel.management.port", String.valueOf(ResponderRouteTest.freePort()));
        props.putAll(properties);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path")));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("org.mailresponder.app.MailResponder");
        return new ServiceReplica(new ProcessBuilder(cmd).directory(ResponderRouteTest.PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("replica.log").toFile()).start());
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
