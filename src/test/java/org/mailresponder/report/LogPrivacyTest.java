package org.mailresponder.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.slf4j.LoggerFactory;

/**
 * Requests from known addresses go through every path (answered, rate-limited, each kind of rejection, forwards,
 * failure, an exception retried later); none of those addresses may appear in any log output (all loggers, with
 * stack traces) or in any file the service writes outside the maildir and the outbox (H2 database included).
 */
class LogPrivacyTest extends ResponderRouteTest {

    private final java.io.ByteArrayOutputStream logBytes = new java.io.ByteArrayOutputStream();

    @Override
    protected void testProperties(Properties p) {
        try {
            // the sample config plus an entry whose attachment is missing: its answers fail with an exception
            String config = Files.readString(PROJECT.resolve("config/responder.json")).trim();
            config = config.substring(0, config.length() - 1) + ", {\"email_addr\": \"broken@responder.test\", "
                    + "\"body\": \"x\", \"attachments\": [[\"installers\", \"missing.bin\", \"missing.bin\"]]}]";
            Path file = work().resolve("responder.json");
            Files.writeString(file, config);
            p.setProperty("responder.config", file.toString());
            // A config naming a missing attachment is refused at load (issue 11), so the attachment exists when the
            // config is loaded and is removed before the request that needs it (see p12).
            Path installers = Files.createDirectories(work().resolve("buckets/installers"));
            try (Stream<Path> files = Files.list(PROJECT.resolve("config/buckets/installers"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, installers.resolve(f.getFileName()));
                }
            }
            Files.writeString(installers.resolve("missing.bin"), "soon gone");
            p.setProperty("responder.buckets-dir", work().resolve("buckets").toString());
            p.setProperty("responder.stats.flush-period", "200");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    OutputStreamAppender<ILoggingEvent> capture() {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(lc);
        enc.setPattern("%d %level [%thread] %logger - %msg %mdc%n%ex{full}");
        enc.start();
        OutputStreamAppender<ILoggingEvent> app = new OutputStreamAppender<>();
        app.setContext(lc);
        app.setEncoder(enc);
        app.setOutputStream(logBytes);
        app.start();
        Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        root.addAppender(app);
        return app;
    }

    @Test
    void noKnownAddressInLogsOrFiles() throws Exception {
        OutputStreamAppender<ILoggingEvent> app = capture();
        List<String> addresses = List.of("Alice.Answered@Users.test", "limited.person@users.test",
                "auto.reply@users.test", "list.member@users.test", "bulk.sender@users.test", "spam.sender@users.test",
                "no-reply@users.test", "unknown.target@users.test", "complainer@users.test",
                "MAILER-DAEMON@bounces.test", "broken.from@users.test", "exception.case@users.test");
        try {
            drop("p01", RequestMail.from("\"Alice\" <Alice.Answered@Users.test>").to("get@responder.test").bytes());
            for (int i = 0; i < 4; i++) {
                drop("p02-" + i, RequestMail.from("limited.person@users.test").to("get+fa@responder.test").bytes());
            }
            drop("p03", RequestMail.from("auto.reply@users.test").to("get@responder.test")
                    .header("Auto-Submitted", "auto-replied").bytes());
            drop("p04", RequestMail.from("list.member@users.test").to("get@responder.test")
                    .header("List-Id", "<list.member@users.test>").bytes());
            drop("p05", RequestMail.from("bulk.sender@users.test").to("get@responder.test")
                    .header("Precedence", "bulk").bytes());
            drop("p06", RequestMail.from("spam.sender@users.test").to("get@responder.test")
                    .header("X-Spam-Flag", "YES").bytes());
            drop("p07", RequestMail.from("no-reply@users.test").to("get@responder.test").bytes());
            drop("p08", RequestMail.from("unknown.target@users.test").to("nobody@responder.test").bytes());
            drop("p09", RequestMail.from("complainer@users.test").to("complaints@responder.test").bytes());
            drop("p10", RequestMail.from("MAILER-DAEMON@bounces.test").to("get@responder.test").bytes());
            drop("p11", ("From: broken.from@users.test <<<\r\nTo: get@responder.test\r\nSubject: x\r\n\r\nx\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            awaitDrained();
            Files.delete(work().resolve("buckets/installers/missing.bin"));
            drop("p12", RequestMail.from("exception.case@users.test").to("broken@responder.test").bytes());
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    logBytes.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"deferred\""));
            Thread.sleep(500); // one stats flush
        } finally {
            Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAppender(app);
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        String log = logBytes.toString(StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        // the paths really ran
        for (String outcome : List.of("answered", "rate-limited", "auto-submitted", "mailing-list", "bulk-precedence",
                "spam-flag", "noreply-sender", "unknown-address", "complaint", "bounce", "failed", "deferred")) {
            assertThat(log).contains("\"outcome\":\"" + outcome + "\"");
        }
        for (String a : addresses) {
            assertThat(log).as("log output").doesNotContain(a.toLowerCase(Locale.ROOT));
        }
        Path maildir = maildir();
        Path outbox = outbox();
        List<Path> written;
        try (Stream<Path> all = Files.walk(work())) {
            written = all.filter(Files::isRegularFile).filter(f -> !f.startsWith(maildir) && !f.startsWith(outbox))
                    .toList();
        }
        assertThat(written).anyMatch(f -> f.toString().endsWith(".mv.db"));
        for (Path f : written) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            for (String a : addresses) {
                assertThat(content).as(f.toString()).doesNotContain(a.toLowerCase(Locale.ROOT));
            }
        }
    }
}
