package org.mailresponder.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.SendMethod;
import org.mailresponder.inbound.AuthenticationResults.DkimStatus;
import org.mailresponder.inbound.DkimPolicy;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.screen.RequestScreen;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/**
 * In-process re-verification of a request the MTA left at {@code dkim=none}. The request is corpus mail 69
 * (a yahoo.com sender, Authentication-Results dkim=none), signed for yahoo.com by an independent signer
 * (python3-dkim) or, where that is absent, by our own signer; keys come from a table instead of DNS, except in
 * the resolver-outage test, which points dnsjava at a real UDP socket that never answers.
 */
class JdkimInboundVerifierTest {

    private static final String SENDER_DOMAIN = "yahoo.com";
    private static final Map<String, String> KEYS = Map.of(
            DkimTestKit.SELECTOR + "._domainkey." + SENDER_DOMAIN, DkimTestKit.txtRecord());

    private static byte[] unsignedLf;

    private final JdkimInboundVerifier verifier = new JdkimInboundVerifier(DkimTestKit.keyTable(KEYS));

    @BeforeAll
    static void load() throws Exception {
        unsignedLf = Files.readAllBytes(DkimTestKit.PROJECT.resolve(
                "src/test/resources/corpus/69-yahoo-dkim-none-no-signature.eml"));
    }

    /** Signed on the wire with CRLF, stored by Postfix in the maildir with LF, as the verifier will see it. */
    private static byte[] pythonSigned() throws Exception {
        DkimTestKit.assumePythonDkim();
        return lf(DkimTestKit.pythonSign(crlf(unsignedLf), SENDER_DOMAIN));
    }

    private static byte[] ourSigned() {
        return ourSigned(DkimTestKit.SELECTOR);
    }

    private static byte[] ourSigned(String selector) {
        String crlf = new String(crlf(unsignedLf), StandardCharsets.ISO_8859_1);
        int split = crlf.indexOf("\r\n\r\n");
        OutgoingMail m = new OutgoingMail(OutgoingMail.Kind.ANSWER, "x".repeat(24), 0, "", List.of(), crlf.substring(0, split + 2),
                new AnswerBody("text/plain", crlf.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1)),
                SendMethod.DEFAULT);
        DkimAnswerSigner signer = new DkimAnswerSigner(SENDER_DOMAIN, selector,
                List.of("from", "to", "subject", "date"), DkimKeyFile.load(DkimTestKit.PKCS1_KEY));
        return lf(signer.sign(m).toBytes());
    }

    @Test
    void aValidAlignedSignaturePasses() throws Exception {
        assertThat(verifier.verify(pythonSigned(), SENDER_DOMAIN)).isEqualTo(DkimStatus.PASS);
        assertThat(verifier.verify(ourSigned(), SENDER_DOMAIN)).isEqualTo(DkimStatus.PASS);
        // Relaxed alignment: a signature by the parent domain covers a subdomain sender.
        assertThat(verifier.verify(ourSigned(), "mail.yahoo.com")).isEqualTo(DkimStatus.PASS);
    }

    @Test
    void aValidSignatureOfAnotherDomainFails() {
        assertThat(verifier.verify(ourSigned(), "other.example")).isEqualTo(DkimStatus.FAIL);
    }

    @Test
    void aChangedBodyByteFails() throws Exception {
        for (byte[] signed : List.of(pythonSigned(), ourSigned())) {
            String s = new String(signed, StandardCharsets.ISO_8859_1).replace("Please send the links.",
                    "Please send the linkz.");
            assertThat(verifier.verify(s.getBytes(StandardCharsets.ISO_8859_1), SENDER_DOMAIN)).isEqualTo(DkimStatus.FAIL);
        }
    }

    @Test
    void noPublishedKeyFails() {
        JdkimInboundVerifier noKeys = new JdkimInboundVerifier(DkimTestKit.keyTable(Map.of()));
        assertThat(noKeys.verify(ourSigned(), SENDER_DOMAIN)).isEqualTo(DkimStatus.FAIL);
    }

    // dnsjava caches answers process-wide, so each DNS test uses a selector of its own.

    @Test
    void keysAreFetchedFromTheConfiguredDnsServer() throws Exception {
        try (LoopbackDns dns = new LoopbackDns(Map.of("dns1._domainkey." + SENDER_DOMAIN, DkimTestKit.txtRecord()))) {
            JdkimInboundVerifier viaDns = new JdkimInboundVerifier(DkimKeyRecords.dns(List.of(dns.address()),
                    Duration.ofSeconds(2)));
            assertThat(viaDns.verify(ourSigned("dns1"), SENDER_DOMAIN)).isEqualTo(DkimStatus.PASS);
            // NXDOMAIN for the selector: no key, a permanent failure.
            assertThat(viaDns.verify(ourSigned("dns2"), SENDER_DOMAIN)).isEqualTo(DkimStatus.FAIL);
        }
    }

    @Test
    void aResolverThatDoesNotAnswerLeavesTheRequestUnverifiedNotFailed() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            JdkimInboundVerifier viaDns = new JdkimInboundVerifier(DkimKeyRecords.dns(
                    List.of("127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(300)));
            assertThat(viaDns.verify(ourSigned("silent"), SENDER_DOMAIN)).isEqualTo(DkimStatus.NONE);
        }
    }

    @Test
    void theScreenAnswersASignedRequestTheMtaDidNotCheckAndRejectsATamperedOne() throws Exception {
        ResponderConfig config = DkimTestKit.config();
        RequestScreen screen = new RequestScreen("complaints@responder.test", Set.of("get@responder.test"), Set.of(),
                Pattern.compile("no-?reply"), new DkimPolicy(DkimPolicy.Mode.REQUIRE, Set.of(),
                Set.of("mx.responder.test")), verifier);
        RequestParser parser = new RequestParser(DkimTestKit.senders(), 8_192_000, 20);

        InboundRequest unsigned = parser.parse(unsignedLf, config::serves);
        assertThat(screen.screen(unsigned, config).reason()).isEqualTo(ScreenReason.DKIM_MISSING);

        InboundRequest signed = parser.parse(ourSigned(), config::serves);
        assertThat(screen.screen(signed, config)).isEqualTo(Verdict.ANSWER);

        String tampered = new String(ourSigned(), StandardCharsets.ISO_8859_1).replace("Subject: links", "Subject: linkz");
        InboundRequest bad = parser.parse(tampered.getBytes(StandardCharsets.ISO_8859_1), config::serves);
        assertThat(screen.screen(bad, config).reason()).isEqualTo(ScreenReason.DKIM_FAIL);
    }

    private static byte[] crlf(byte[] lf) {
        return new String(lf, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] lf(byte[] crlf) {
        return new String(crlf, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
