package org.mailresponder.dkim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.junit.jupiter.api.Assumptions;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.AttachmentNameRules;
import org.mailresponder.compose.LocalAttachmentStore;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigParser;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.SenderIdentity;

/**
 * The pieces the DKIM tests share: the test key (src/test/resources/dkim), real answers from the project's sample
 * config and requests composed by the real composer, and two verifiers that are not our code — Apache jDKIM's
 * verifier and Debian's python3-dkim.
 */
final class DkimTestKit {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    /** The signed header fields (h=) as application.properties states them. */
    static final String SIGNED_HEADERS = org.mailresponder.admin.ResponderProperties.load(PROJECT)
            .get("responder.dkim.sign.headers");
    static final Path PKCS1_KEY = PROJECT.resolve("src/test/resources/dkim/test-key-pkcs1.pem");
    static final Path PKCS8_KEY = PROJECT.resolve("src/test/resources/dkim/test-key-pkcs8.pem");
    static final String DOMAIN = "responder.test";
    static final String SELECTOR = "mr2024";
    static final String PYTHON = "/usr/bin/python3";

    private DkimTestKit() {
    }

    static String publicKeyBase64() {
        try {
            return Files.readString(PROJECT.resolve("src/test/resources/dkim/test-key.pub.b64")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String txtRecord() {
        return "v=DKIM1; k=rsa; p=" + publicKeyBase64();
    }

    /** A key table standing in for DNS: only {@code SELECTOR._domainkey.DOMAIN} exists. */
    static PublicKeyRecordRetriever keyTable() {
        return keyTable(Map.of(SELECTOR + "._domainkey." + DOMAIN, txtRecord()));
    }

    static PublicKeyRecordRetriever keyTable(Map<String, String> records) {
        return (method, selector, domain) -> {
            if (!"dns/txt".contentEquals(method)) {
                throw new PermFailException("only dns/txt: " + method);
            }
            String r = records.get(selector + "._domainkey." + domain);
            return r == null ? List.of() : List.of(r);
        };
    }

    static DkimAnswerSigner signer() {
        return new DkimAnswerSigner(DOMAIN, SELECTOR, List.of(DkimTestKit.SIGNED_HEADERS.split(":")),
                DkimKeyFile.load(PKCS8_KEY));
    }

    static SenderIdentity senders() {
        return new SenderIdentity("test-hash-key-0123456789");
    }

    static ResponderConfig config() throws Exception {
        byte[] json = Files.readAllBytes(PROJECT.resolve("config/responder.json"));
        return new ResponderConfigParser("Psiphon3.exe", "Psiphon3.ex_").parse(json, "v1");
    }

    static AnswerComposer composer() {
        return new AnswerComposer(new LocalAttachmentStore(PROJECT.resolve("config/buckets")),
                new AttachmentNameRules(java.util.Set.of("gmail.com"), AttachmentNameRules.parseRenames(".exe=,.apk=.ap_")),
                "get@" + DOMAIN, "Responder", "complaints@" + DOMAIN, List.of("admin@" + DOMAIN),
                "[mail-responder]", Clock.fixed(Instant.parse("2024-05-16T09:00:00Z"), ZoneOffset.UTC));
    }

    static InboundRequest request(String sampleName) throws Exception {
        byte[] raw = Files.readAllBytes(PROJECT.resolve("config/samples").resolve(sampleName));
        ResponderConfig config = config();
        return new RequestParser(senders(), 8_192_000, 20).parse(raw, config::serves);
    }

    /** Every answer the sample config gives to {@code sample}, unsigned, plus an admin forward of it. */
    static List<OutgoingMail> unsignedAnswers(String sample) throws Exception {
        InboundRequest req = request(sample);
        ResponderConfig config = config();
        AnswerComposer composer = composer();
        List<OutgoingMail> out = new ArrayList<>();
        for (ConfigEntry e : config.entriesFor(req.requestedAddress())) {
            out.add(composer.compose(req, e, config.version()));
        }
        out.add(composer.composeForward(req, Verdict.forward(ScreenReason.COMPLAINT, "test")));
        return out;
    }

    /** jDKIM's verifier with the test key: the d= of every valid signature, or the failure. */
    static List<String> jdkimVerify(byte[] message) throws FailException {
        return jdkimVerify(message, keyTable());
    }

    static List<String> jdkimVerify(byte[] message, PublicKeyRecordRetriever keys) throws FailException {
        try (InputStream in = new ByteArrayInputStream(message)) {
            List<SignatureRecord> valid = new DKIMVerifier(keys).verify(in);
            return valid == null ? List.of() : valid.stream().map(s -> s.getDToken().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether python3-dkim can run; outside CI a missing one skips the test loudly, in CI it fails it. */
    static void assumePythonDkim() {
        boolean present;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import dkim").redirectErrorStream(true).start();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present) {
            String why = "python3-dkim is not installed (apt-get install -y python3-dkim; it must import from "
                    + PYTHON + ")";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + why);
            }
            System.err.println("[SKIPPED LOUDLY] " + why);
            Assumptions.abort(why);
        }
    }

    /** Debian's python3-dkim verifies the message with the test key served from a table instead of DNS. */
    static boolean pythonVerify(byte[] message) throws IOException, InterruptedException {
        String script = """
                import sys, dkim
                msg = sys.stdin.buffer.read()
                name = sys.argv[1].encode() + b'.'
                txt = {name: sys.argv[2].encode()}
                ok = dkim.verify(msg, dnsfunc=lambda n, timeout=5: txt.get(n))
                print('PASS' if ok else 'FAIL')
                """;
        Process p = new ProcessBuilder(PYTHON, "-c", script, SELECTOR + "._domainkey." + DOMAIN, txtRecord())
                .redirectErrorStream(true).start();
        p.getOutputStream().write(message);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("python3-dkim failed: " + out);
        }
        return out.endsWith("PASS");
    }

    /** python3-dkim signs the message with the test key (relaxed/relaxed): an independent signer. */
    static byte[] pythonSign(byte[] message, String domain) throws IOException, InterruptedException {
        String script = """
                import sys, dkim
                msg = sys.stdin.buffer.read()
                key = open(sys.argv[1], 'rb').read()
                sig = dkim.sign(msg, sys.argv[2].encode(), sys.argv[3].encode(), key,
                                canonicalize=(b'relaxed', b'relaxed'), include_headers=[b'from', b'to', b'subject', b'date'])
                sys.stdout.buffer.write(sig + msg)
                """;
        Process p = new ProcessBuilder(PYTHON, "-c", script, PKCS1_KEY.toString(), SELECTOR, domain).start();
        p.getOutputStream().write(message);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("python3-dkim sign failed: " + err);
        }
        return out;
    }
}
