package org.mailresponder.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.AttachmentNameRules;
import org.mailresponder.compose.LocalAttachmentStore;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigParser;
import org.mailresponder.inbound.DkimPolicy;
import org.mailresponder.inbound.InboundDkimVerifier;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.screen.RequestScreen;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.testing.MessageValidity;

/**
 * The service's parse → screen → compose path in-process, built like the service's configuration classes ({@code app.*Beans}) build it from the
 * project's application.properties defaults and config/responder.json, and the invariants every composed mail
 * must keep whatever the request was.
 */
final class ResponderPipeline {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    static final String ADMIN = "admin@responder.test";
    /** Every header field an answer may have; anything else would have come from the request. */
    static final Set<String> ANSWER_FIELDS = Set.of("date", "from", "message-id", "to", "reply-to", "subject",
            "in-reply-to", "references", "auto-submitted", "x-auto-response-suppress", "mime-version", "content-type");
    static final Set<String> FORWARD_FIELDS = Set.of("date", "from", "message-id", "to", "subject", "auto-submitted",
            "mime-version", "content-type");

    /** What the request led to. */
    record Outcome(InboundRequest request, Verdict verdict, List<byte[]> answers, byte[] forward, long composeNanos) {
    }

    private final RequestParser parser;
    private final RequestScreen screen;
    private final AnswerComposer composer;
    private final ResponderConfig config;

    ResponderPipeline() {
        try {
            config = new ResponderConfigParser("Psiphon3.exe", "Psiphon3.ex_")
                    .parse(Files.readAllBytes(PROJECT.resolve("config/responder.json")), "fuzz");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        parser = new RequestParser(new SenderIdentity("fuzz-hash-key-0123456789"), 8_192_000, 20);
        screen = new RequestScreen("complaints@responder.test", Set.of("get@responder.test", "complaints@responder.test"),
                Set.of("MAILER-DAEMON@amazonses.com"),
                Pattern.compile("(no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?([-+=].*)?|complaints?)", Pattern.CASE_INSENSITIVE),
                new DkimPolicy(DkimPolicy.Mode.OFF, Set.of(), Set.of()), InboundDkimVerifier.NONE);
        composer = new AnswerComposer(new LocalAttachmentStore(PROJECT.resolve("config/buckets")),
                new AttachmentNameRules(Set.of("gmail.com"), AttachmentNameRules.parseRenames(".exe=,.apk=.ap_")),
                "get@responder.test", "", "complaints@responder.test", List.of(ADMIN), "[mail-responder]",
                Clock.systemUTC());
    }

    /** @throws MalformedRequestException the one exception a request may cause (it goes to failed/) */
    Outcome run(byte[] raw) throws MalformedRequestException {
        InboundRequest request = parser.parse(raw, config::serves);
        Verdict verdict = screen.screen(request, config);
        long t0 = System.nanoTime();
        if (verdict.forward()) {
            byte[] forward = composer.composeForward(request, verdict).toBytes();
            return new Outcome(request, verdict, List.of(), forward, System.nanoTime() - t0);
        }
        List<byte[]> answers = new ArrayList<>();
        if (verdict.answer()) {
            for (ConfigEntry entry : config.entriesFor(request.requestedAddress())) {
                answers.add(composer.compose(request, entry, config.version()).toBytes());
            }
        }
        return new Outcome(request, verdict, answers, null, System.nanoTime() - t0);
    }

    /** What is wrong with the composed mails; empty when every invariant holds. */
    static List<String> violations(Outcome o) {
        List<String> problems = new ArrayList<>();
        for (byte[] answer : o.answers()) {
            problems.addAll(MessageValidity.problems(answer));
            problems.addAll(fields(answer, ANSWER_FIELDS, o.request().sender()));
        }
        if (o.forward() != null) {
            problems.addAll(MessageValidity.headerProblems(o.forward()));
            problems.addAll(fields(o.forward(), FORWARD_FIELDS, ADMIN));
        }
        return problems;
    }

    private static List<String> fields(byte[] mail, Set<String> allowed, String recipient) {
        List<String> problems = new ArrayList<>();
        List<String> names = MessageValidity.fieldNames(mail);
        for (String name : names) {
            if (!allowed.contains(name)) {
                problems.add("unexpected header field " + name);
            }
        }
        for (String once : List.of("to", "from", "subject", "date", "message-id")) {
            if (names.stream().filter(once::equals).count() != 1) {
                problems.add(once + " is not there exactly once");
            }
        }
        try {
            String[] to = org.mailresponder.testing.Mails.parse(mail).getHeader("To");
            if (to == null || !jakarta.mail.internet.InternetAddress.parseHeader(to[0], true)[0].getAddress().equals(recipient)
                    || jakarta.mail.internet.InternetAddress.parseHeader(to[0], true).length != 1) {
                problems.add("To is not exactly the expected recipient");
            }
        } catch (Exception e) {
            problems.add("To does not parse: " + e);
        }
        return problems;
    }
}
