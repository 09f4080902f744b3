package org.mailresponder.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RealMailCorpus;
import org.mailresponder.testing.ResponderRouteTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sample of the real-world corpus through the running service with DKIM signing on: every bare-CR bounce
 * (sisimai's maildir/mac, the originals that broke forwards' body hashes), every tenth other mail that must not be
 * answered, and every legitimate mail with its own Message-ID. Legitimate mails get their answers, nothing else
 * does, nothing lands in failed/, and every answer and admin forward in the outbox verifies with two verifiers that
 * are not our code: Apache jDKIM and Debian's python3-dkim.
 */
class CorpusDkimRouteTest extends ResponderRouteTest {

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.dkim.sign.key-file", DkimTestKit.PKCS8_KEY.toString());
        p.setProperty("responder.dkim.sign.selector", DkimTestKit.SELECTOR);
        // many fixtures share a sender; the limit is not what this test is about
        p.setProperty("responder.rate-limit.daily-limit", "100000");
        // hundreds of forwards and fixtures from a few domains in one run: the victim bounds are not what it tests
        p.setProperty("responder.forward.hourly-cap", "0");
        p.setProperty("responder.rate-limit.domain-daily-cap", "0");
    }

    @Test
    void answersAndForwardsOfRealMailAllVerify() throws Exception {
        List<RealMailCorpus.Sample> all = RealMailCorpus.samples();
        Map<String, RealMailCorpus.Sample> dropped = new LinkedHashMap<>();
        Set<String> legitIds = new HashSet<>();
        // the service's own request key: a replay of a legitimate sample is, correctly, answered once, so each key
        // is dropped once to keep the count of answers exact
        RequestParser keys = new RequestParser(new SenderIdentity("corpus-key-0123456789"), 8_192_000, 20);
        int other = 0;
        for (RealMailCorpus.Sample s : all) {
            boolean take;
            if (s.expected().equals("answer")) {
                take = legitIds.add(keys.parse(s.delivered(), address -> true).requestId());
            } else if (s.expected().equals("failed")) {
                // a mail with no usable From belongs in failed/, which this test asserts stays empty
                take = false;
            } else {
                take = s.file().startsWith("sisimai/maildir/mac/") || other++ % 10 == 0;
            }
            if (take) {
                String name = "s" + dropped.size();
                dropped.put(name, s);
                drop(name, s.delivered());
            }
        }
        awaitDrainedLong();

        assertThat(files(maildir().resolve("failed"))).as("nothing in failed/").isEmpty();
        long legit = dropped.values().stream().filter(s -> s.expected().equals("answer")).count();
        Set<String> mustNotIds = new HashSet<>();
        for (RealMailCorpus.Sample s : dropped.values()) {
            if (!s.expected().equals("answer")) {
                String id = Mails.header(Mails.parse(s.delivered()), "Message-ID");
                if (id != null) {
                    mustNotIds.add(id);
                }
            }
        }
        List<Path> answers = new ArrayList<>();
        List<Path> forwards = new ArrayList<>();
        for (Path f : files(outbox())) {
            MimeMessage m = Mails.read(f);
            if ("admin@responder.test".equals(Mails.header(m, "To"))) {
                forwards.add(f);
            } else {
                answers.add(f);
                assertThat(mustNotIds).as("answered a mail that must not be answered: " + f)
                        .doesNotContain(Mails.header(m, "In-Reply-To"));
            }
        }
        System.out.println("Corpus through the service: " + dropped.size() + " requests (" + legit
                + " legitimate), " + answers.size() + " answers, " + forwards.size() + " forwards");
        // get@responder.test has two config entries: two answers per legitimate request
        assertThat(answers).hasSize((int) (2 * legit));
        assertThat(forwards).hasSizeGreaterThan(50);

        List<Path> written = new ArrayList<>(answers);
        written.addAll(forwards);
        for (Path f : written) {
            assertThat(DkimTestKit.jdkimVerify(Files.readAllBytes(f))).as("jDKIM " + f).containsExactly(DkimTestKit.DOMAIN);
        }
        DkimTestKit.assumePythonDkim();
        assertThat(pythonFailures(written)).as("python3-dkim failures").isEmpty();
    }

    private void awaitDrainedLong() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> files(maildir().resolve("new")).isEmpty());
    }

    /** python3-dkim verifies every file in one process; the files it does not pass. */
    private static List<String> pythonFailures(List<Path> files) throws IOException, InterruptedException {
        String script = """
                import sys, dkim
                name = sys.argv[1].encode() + b'.'
                txt = {name: sys.argv[2].encode()}
                for path in sys.stdin.read().split('\\n'):
                    if path:
                        ok = dkim.verify(open(path, 'rb').read(), dnsfunc=lambda n, timeout=5: txt.get(n))
                        print(('PASS ' if ok else 'FAIL ') + path)
                """;
        Process p = new ProcessBuilder(DkimTestKit.PYTHON, "-c", script,
                DkimTestKit.SELECTOR + "._domainkey." + DkimTestKit.DOMAIN, DkimTestKit.txtRecord())
                .redirectErrorStream(true).start();
        StringBuilder list = new StringBuilder();
        files.forEach(f -> list.append(f.toAbsolutePath()).append('\n'));
        p.getOutputStream().write(list.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("python3-dkim failed: " + out);
        }
        List<String> failures = new ArrayList<>();
        int passes = 0;
        for (String line : out.split("\n")) {
            if (line.startsWith("PASS ")) {
                passes++;
            } else if (!line.isBlank()) {
                failures.add(line);
            }
        }
        assertThat(passes + failures.size()).as("python3-dkim checked every file").isEqualTo(files.size());
        return failures;
    }
}
