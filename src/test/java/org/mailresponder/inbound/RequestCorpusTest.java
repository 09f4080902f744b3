package org.mailresponder.inbound;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailresponder.screen.RequestScreen;
import org.mailresponder.config.BodyPart;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.SendMethod;
import org.mailresponder.testing.Corpus;

import static org.assertj.core.api.Assertions.assertThat;

/** Every corpus message through the parser and screen, against its expected outcome, reason and address. */
class RequestCorpusTest {

    static final ResponderConfig CONFIG = new ResponderConfig("test", Instant.now(), Stream.of(
            "get@responder.test", "get+fa@responder.test", "android@responder.test")
            .map(a -> new ConfigEntry(a, 0, List.of(new BodyPart(BodyPart.Kind.PLAIN, "links")), null, SendMethod.DEFAULT))
            .toList());

    static final RequestParser PARSER = new RequestParser(new SenderIdentity("corpus-test-key-0123456789"), 8_192_000, 20);
    static final RequestScreen SCREEN = new RequestScreen("complaints@responder.test", Set.of("get@responder.test"),
            Set.of("MAILER-DAEMON@amazonses.com", "complaints@email-abuse.amazonses.com"),
            Pattern.compile("(no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?([-+=].*)?|complaints?)", Pattern.CASE_INSENSITIVE),
            new DkimPolicy(DkimPolicy.Mode.REQUIRE, Set.of("gmail.com", "yahoo.com"), Set.of("mx.responder.test")),
            InboundDkimVerifier.NONE);

    static List<Corpus.Case> cases() {
        return Corpus.cases();
    }

    @Test
    void corpusIsLargeAndCoversEveryOutcome() {
        List<Corpus.Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        assertThat(cases).extracting(Corpus.Case::outcome).contains("answered", "rejected", "forwarded", "failed");
        // these three come from real mail only: RealMailCorpusTest asserts its corpus has them
        Set<ScreenReason> realOnly = Set.of(ScreenReason.ABUSE_REPORT, ScreenReason.READ_RECEIPT,
                ScreenReason.AUTO_REPLY_SUBJECT);
        for (ScreenReason r : ScreenReason.values()) {
            if (realOnly.contains(r)) {
                continue;
            }
            assertThat(cases).as("a corpus message for " + r.code()).anyMatch(c -> c.reason().equals(r.code()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void screensAsExpected(Corpus.Case c) throws Exception {
        InboundRequest req = PARSER.parse(c.bytes(), CONFIG::serves);
        Verdict v = SCREEN.screen(req, CONFIG);
        if (c.outcome().equals("failed")) {
            // not answerable and recognised by no rule: the route sends it to failed/ with the parser's reason
            assertThat(v.disposition()).as(v.toString()).isEqualTo(Verdict.Disposition.FAIL);
            assertThat(req.problem()).isNotBlank().isEqualTo(v.detail());
            return;
        }
        assertThat(req.requestedAddress()).isEqualTo(c.requested());
        switch (c.outcome()) {
            case "answered" -> assertThat(v.disposition()).as(v.toString()).isEqualTo(Verdict.Disposition.ANSWER);
            case "rejected" -> assertThat(v.disposition()).as(v.toString()).isEqualTo(Verdict.Disposition.REJECT);
            case "forwarded" -> assertThat(v.disposition()).as(v.toString()).isEqualTo(Verdict.Disposition.FORWARD);
            default -> throw new AssertionError("unknown outcome " + c.outcome());
        }
        assertThat(v.outcome().code()).isEqualTo(c.outcome().equals("answered") ? "answered" : c.reason());
    }

    @Test
    void encodedSubjectsAreDecoded() throws Exception {
        for (Corpus.Case c : cases()) {
            if (!c.outcome().equals("answered")) {
                continue;
            }
            InboundRequest req = PARSER.parse(c.bytes(), CONFIG::serves);
            assertThat(req.subject()).as(c.file()).doesNotContain("=?");
        }
    }

    @Test
    void toStringNeverShowsTheSender() throws Exception {
        Corpus.Case c = cases().get(0);
        InboundRequest req = PARSER.parse(c.bytes(), CONFIG::serves);
        assertThat(req.toString()).doesNotContain(req.sender()).contains(req.shortSenderHash());
    }
}
