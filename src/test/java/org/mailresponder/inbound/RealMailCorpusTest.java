package org.mailresponder.inbound;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.mailresponder.screen.RequestScreen;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigParser;
import org.mailresponder.screen.ScreenSettings;
import org.mailresponder.testing.RealMailCorpus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real-world sample through the real parser and screen, with the screen's default lists and the project's
 * sample config: no sample that must not be answered is answered, every legitimate one is, and the outcome counts
 * are printed per kind (answered, screened per reason, failed).
 */
class RealMailCorpusTest {

    static final Path PROJECT = Path.of("").toAbsolutePath();

    @Test
    void noBounceComplaintOrAutoReplyIsAnsweredAndEveryLegitimateMailIs() throws Exception {
        ResponderConfig config = new ResponderConfigParser("Psiphon3.exe", "Psiphon3.ex_")
                .parse(Files.readAllBytes(PROJECT.resolve("config/responder.json")), "corpus");
        RequestParser parser = new RequestParser(new SenderIdentity("corpus-test-key-0123456789"), 8_192_000, 20);
        RequestScreen screen = new RequestScreen(ScreenSettings.defaults("complaints@responder.test",
                Set.of("get@responder.test", "complaints@responder.test")),
                new DkimPolicy(DkimPolicy.Mode.OFF, Set.of(), Set.of()), InboundDkimVerifier.NONE);

        List<RealMailCorpus.Sample> samples = RealMailCorpus.samples();
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        long slowestNanos = 0;
        String slowest = null;
        for (RealMailCorpus.Sample s : samples) {
            long t0 = System.nanoTime();
            String outcome;
            String detail;
            try {
                InboundRequest req = parser.parse(s.delivered(), config::serves);
                Verdict v = screen.screen(req, config);
                outcome = switch (v.disposition()) {
                    case ANSWER -> "answered";
                    case FAIL -> "failed";
                    case FORWARD -> "forwarded:" + v.outcome();
                    case REJECT -> "rejected:" + v.outcome();
                };
                detail = v.detail();
            } catch (MalformedRequestException e) {
                outcome = "failed";
                detail = e.getMessage();
            }
            long nanos = System.nanoTime() - t0;
            if (nanos > slowestNanos) {
                slowestNanos = nanos;
                slowest = s.file();
            }
            counts.computeIfAbsent(s.kind(), k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
            counts.computeIfAbsent(s.kind(), k -> new TreeMap<>()).merge("samples", 1, Integer::sum);
            boolean ok = switch (s.expected()) {
                case "answer" -> outcome.equals("answered");
                // recognised and counted, never answered, and never left unrecognised in failed/
                case "not-answer" -> outcome.startsWith("rejected:") || outcome.startsWith("forwarded:");
                case "failed" -> outcome.equals("failed");
                default -> throw new AssertionError("unknown expectation " + s.expected() + " for " + s.file());
            };
            if (!ok) {
                wrong.add(s.file() + " (" + s.kind() + ", expected " + s.expected() + "): " + outcome + " - " + detail);
            }
        }
        System.out.println("Real-world corpus: " + samples.size() + " samples; slowest " + slowest + " in "
                + slowestNanos / 1_000_000 + " ms");
        counts.forEach((kind, c) -> System.out.println("  " + kind + ": " + c));
        assertThat(wrong).as("samples whose outcome is wrong").isEmpty();
    }

    @Test
    void corpusHoldsEveryKindAndTheReasonsOnlyRealMailShows() {
        List<RealMailCorpus.Sample> samples = RealMailCorpus.samples();
        assertThat(samples).hasSizeGreaterThan(900);
        assertThat(samples.stream().filter(s -> s.expected().equals("answer"))).hasSizeGreaterThan(100);
        assertThat(samples).extracting(RealMailCorpus.Sample::kind)
                .contains("bounce", "complaint", "auto-reply", "read-receipt", "list", "legitimate");
        for (RealMailCorpus.Sample s : samples) {
            assertThat(RealMailCorpus.DIR.resolve(s.file())).as(s.file()).isRegularFile();
            assertThat(s.source()).as(s.file()).isNotBlank();
            assertThat(s.licence()).as(s.file()).isNotBlank();
        }
    }
}
