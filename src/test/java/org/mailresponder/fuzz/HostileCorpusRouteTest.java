package org.mailresponder.fuzz;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.HostileCorpus;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.MessageValidity;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated hostile corpus (plus a sparse 1 GB file, a link to /dev/zero and a FIFO) dropped at once into the
 * maildir of the running service: it does not crash or hang, nothing is left in new/, every request ends in cur/
 * or failed/ (with a reason), every answer in the outbox is valid RFC 5322 with only the fields an answer has and
 * one recipient — never a victim address the request tried to add — and a normal request afterwards is answered.
 * Prints the slowest requests (pick-up to outcome, from the request log).
 */
class HostileCorpusRouteTest extends ResponderRouteTest {

    private static final Pattern MS = Pattern.compile("\"outcome\":\"([^\"]+)\".*\"ms\":([0-9.]+)");

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.rate-limit.daily-limit", "100000");
        // the generated senders share a few domains; the victim bounds are tested in VictimBoundsRouteTest
        p.setProperty("responder.rate-limit.domain-daily-cap", "0");
        p.setProperty("responder.forward.hourly-cap", "0");
    }

    @Test
    void theRunningServiceSurvivesTheHostileCorpus() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger("mail-responder.requests")).addAppender(log);

        List<HostileCorpus.Case> corpus = HostileCorpus.all();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        Path newDir = maildir().resolve("new");
        Files.createDirectories(newDir);
        try (RandomAccessFile f = new RandomAccessFile(newDir.resolve("hostile-gigabyte").toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        Files.createSymbolicLink(newDir.resolve("hostile-dev-zero"), Path.of("/dev/zero"));
        new ProcessBuilder("mkfifo", newDir.resolve("hostile-fifo").toString()).start().waitFor();
        long t0 = System.nanoTime();
        for (HostileCorpus.Case c : corpus) {
            drop(c.name(), c.bytes());
        }
        Awaitility.await("new/ drained").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> files(newDir).isEmpty());
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<String> cur = names(maildir().resolve("cur"));
        List<String> failed = names(maildir().resolve("failed"));
        for (HostileCorpus.Case c : corpus) {
            assertThat(cur.contains(c.name() + ":2,S") || (failed.contains(c.name()) && failed.contains(c.name() + ".reason")))
                    .as(c.name() + " ended in cur/ or in failed/ with a reason").isTrue();
        }
        assertThat(failed).contains("hostile-gigabyte.reason", "hostile-dev-zero.reason", "hostile-fifo.reason");

        List<String> problems = new ArrayList<>();
        int answers = 0;
        int forwards = 0;
        for (Path f : files(outbox())) {
            byte[] mail = Files.readAllBytes(f);
            MimeMessage m = Mails.parse(mail);
            InternetAddress[] to = InternetAddress.parseHeader(Mails.header(m, "To"), true);
            boolean forward = to.length == 1 && ResponderPipeline.ADMIN.equals(to[0].getAddress());
            List<String> p = new ArrayList<>(forward ? MessageValidity.headerProblems(mail) : MessageValidity.problems(mail));
            for (String name : MessageValidity.fieldNames(mail)) {
                if (!(forward ? ResponderPipeline.FORWARD_FIELDS : ResponderPipeline.ANSWER_FIELDS).contains(name)) {
                    p.add("unexpected header field " + name);
                }
            }
            if (to.length != 1 || to[0].getAddress().endsWith("target.example")) {
                p.add("recipients " + Mails.header(m, "To"));
            }
            p.forEach(x -> problems.add(f.getFileName() + ": " + x));
            if (forward) {
                forwards++;
            } else {
                answers++;
            }
        }
        assertThat(problems).isEmpty();
        assertThat(answers).as("most hostile requests are still answered").isGreaterThan(200);
        assertThat(forwards).isGreaterThan(0);

        drop("normal-after", RequestMail.from("dora@mail.example").to("android@responder.test")
                .messageId("<after@mail.example>").bytes());
        awaitDrained();
        assertThat(maildir().resolve("cur/normal-after:2,S")).exists();

        double worst = 0;
        String worstLine = "";
        List<Double> all = new ArrayList<>();
        for (ILoggingEvent e : log.list) {
            Matcher matcher = MS.matcher(e.getFormattedMessage());
            if (matcher.find()) {
                double ms = Double.parseDouble(matcher.group(2));
                all.add(ms);
                if (ms > worst) {
                    worst = ms;
                    worstLine = e.getFormattedMessage();
                }
            }
        }
        all.sort(null);
        System.out.printf("hostile corpus through the running service: %d requests + 3 special files in %.1f s; "
                        + "%d answers, %d forwards; per request (pick-up to outcome) median %.1f ms, p99 %.1f ms, "
                        + "worst %.1f ms: %s%n", corpus.size(), seconds, answers, forwards, all.get(all.size() / 2),
                all.get((int) (all.size() * 0.99)), worst, worstLine);
        ((Logger) LoggerFactory.getLogger("mail-responder.requests")).detachAppender(log);
    }

    private List<String> names(Path dir) throws Exception {
        return files(dir).stream().map(f -> f.getFileName().toString()).toList();
    }
}
