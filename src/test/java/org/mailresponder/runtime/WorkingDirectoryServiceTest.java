package org.mailresponder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ServiceProcess;

/**
 * The jar's service started the way an operator starts it, in its own JVM and working directory: {@code -D} beats
 * the environment, which beats application.properties; the working directory's logback.xml sets the log levels and
 * is re-read while the service runs; the start-up line names the address the management server is bound to; the
 * maildir's folders exist from the start.
 */
class WorkingDirectoryServiceTest {

    @TempDir
    static Path dir;
    private static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        ServiceProcess.prepareWorkDir(dir);
        writeLogback("OFF");
        service = ServiceProcess.in(dir)
                .env("RESPONDER_FROM", "env@responder.test")           // environment beats the file ...
                .env("RESPONDER_FROM_NAME", "From The Environment")
                .property("responder.from-name", "From Minus D")       // ... and -D beats the environment
                .property("responder.rate-limit.hash-key", "test-hash-key-0123456789")
                .property("responder.poll-delay", "50")
                .start()
                .awaitStarted(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static void writeLogback(String requestsLevel) throws Exception {
        String xml = Files.readString(ServiceProcess.PROJECT.resolve("logback.xml"))
                .replace("scanPeriod=\"10 seconds\"", "scanPeriod=\"500 milliseconds\"")
                .replace("<logger name=\"mail-responder.requests\" level=\"INFO\"/>",
                        "<logger name=\"mail-responder.requests\" level=\"" + requestsLevel + "\"/>");
        assertThat(xml).contains("level=\"" + requestsLevel + "\"").contains("500 milliseconds");
        Path tmp = dir.resolve("logback.xml.tmp");
        Files.writeString(tmp, xml);
        Files.move(tmp, dir.resolve("logback.xml"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path answer(String from, String messageId) throws Exception {
        Path maildir = dir.resolve("data/maildir");
        Path tmp = maildir.resolve("tmp").resolve(messageId + ".eml");
        Files.write(tmp, RequestMail.from(from).to("get+fa@responder.test")
                .messageId("<" + messageId + "@client.example>")
                .bytes());
        Files.move(tmp, maildir.resolve("new").resolve(messageId + ".eml"));
        Path outbox = dir.resolve("data/outbox");
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!Files.isDirectory(outbox)) {
                return null;
            }
            try (Stream<Path> files = Files.list(outbox)) {
                return files.filter(f -> ("<" + messageId + "@client.example>")
                        .equals(Mails.header(Mails.read(f), "In-Reply-To"))).findFirst().orElse(null);
            }
        }, f -> f != null);
    }

    @Test
    void minusDBeatsTheEnvironmentWhichBeatsTheFile() throws Exception {
        Path answer = answer("precedence@client.example", "precedence");
        assertThat(Mails.header(Mails.read(answer), "From")).isEqualTo("From Minus D <env@responder.test>");
    }

    @Test
    void theWorkingDirectorysLogbackFileSetsLevelsAndIsReadAgainWhileRunning() throws Exception {
        answer("quiet@client.example", "quiet");
        assertThat(requestLines()).as("mail-responder.requests is OFF").isEmpty();

        writeLogback("INFO");
        // logback re-reads the file every 500 ms in this test; on a busy machine the reload may come later, so
        // requests are sent until one is logged instead of guessing how long to wait
        int[] sent = {0};
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            sent[0]++;
            answer("loud" + sent[0] + "@client.example", "loud-" + sent[0]);
            return !requestLines().isEmpty();
        });
        assertThat(requestLines()).allSatisfy(line -> assertThat(line).contains("\"outcome\":\"answered\"")
                .doesNotContain("@client.example"));
    }

    @Test
    void theStartUpLineNamesTheAddressTheManagementServerIsBoundTo() {
        assertThat(service.log()).contains("Management HTTP server on http://127.0.0.1:" + service.managementPort()
                + ":").doesNotContain("http://0.0.0.0");
    }

    @Test
    void theMaildirFoldersExistFromTheStart() {
        for (String folder : List.of("new", "cur", "tmp", "failed")) {
            assertThat(dir.resolve("data/maildir").resolve(folder)).isDirectory();
        }
    }

    private static List<String> requestLines() {
        return service.log().lines().filter(l -> l.contains("{\"ts\":") && l.contains("\"event\":\"request\""))
                .toList();
    }
}
