package org.mailresponder.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.SendMethod;
import org.mailresponder.testing.ResponderRouteTest;

/**
 * The real service (main class, routes, properties) with a DKIM key set: every file in the outbox — answers and
 * admin forwards — carries a signature that independent verifiers accept, over exactly the bytes in the file.
 * Inbound, with {@code responder.dkim.policy=require}, a signed request the MTA marked {@code dkim=none} is
 * verified in-process, its key fetched through {@code responder.dkim.verify.dns-servers} from a DNS server on
 * loopback, and answered.
 */
class DkimRouteTest extends ResponderRouteTest {

    /** Started before the first instance: Camel's test support reads the properties in the constructor. */
    private static final LoopbackDns DNS = startDns();

    private static LoopbackDns startDns() {
        try {
            return new LoopbackDns(Map.of("route._domainkey.yahoo.com", DkimTestKit.txtRecord()));
        } catch (java.net.SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopDns() throws InterruptedException {
        DNS.close();
    }

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.dkim.sign.key-file", DkimTestKit.PKCS8_KEY.toString());
        p.setProperty("responder.dkim.sign.selector", DkimTestKit.SELECTOR);
        p.setProperty("responder.dkim.policy", "require");
        p.setProperty("responder.dkim.required-domains", "yahoo.com");
        p.setProperty("responder.dkim.authserv-ids", "mx.responder.test");
        p.setProperty("responder.dkim.verify.dns-servers", DNS.address());
        p.setProperty("responder.dkim.verify.dns-timeout", "2000");
        p.setProperty("responder.stats.recipient", "ops@responder.test");
    }

    @Test
    void everyOutboxFileIsSignedAndVerifies() throws Exception {
        drop("1.req", Files.readAllBytes(PROJECT.resolve("config/samples/01-plain-request.eml")));
        drop("2.req", Files.readAllBytes(PROJECT.resolve("src/test/resources/corpus/27-complaint-x-original-to.eml")));
        awaitDrained();
        List<Path> out = files(outbox());
        assertThat(out).hasSize(3);
        assertThat(out.stream().filter(f -> f.getFileName().toString().contains("-forward"))).hasSize(1);
        boolean python = pythonPresent();
        for (Path file : out) {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(new String(bytes, StandardCharsets.US_ASCII)).as(file.toString()).startsWith("DKIM-Signature: ");
            assertThat(DkimTestKit.jdkimVerify(bytes)).as(file.toString()).containsExactly(DkimTestKit.DOMAIN);
            if (python) {
                assertThat(DkimTestKit.pythonVerify(bytes)).as(file.toString()).isTrue();
            }
        }
    }

    @Test
    void theDailyStatsMailIsComposedLikeAnAnswerAndVerifies() throws Exception {
        template.send("direct:send-stats-mail", org.apache.camel.builder.ExchangeBuilder.anExchange(context)
                .withProperty("statsDay", java.time.LocalDate.now(java.time.ZoneOffset.UTC)).build());
        List<byte[]> stats = new java.util.ArrayList<>();
        for (Path f : files(outbox())) {
            byte[] b = Files.readAllBytes(f);
            if (new String(b, StandardCharsets.US_ASCII).contains("Subject: mail-responder stats ")) {
                stats.add(b);
            }
        }
        assertThat(stats).hasSize(1);
        byte[] bytes = stats.get(0);
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).startsWith("DKIM-Signature: ").contains("Content-Type: multipart/alternative");
        assertThat(DkimTestKit.jdkimVerify(bytes)).containsExactly(DkimTestKit.DOMAIN);
        if (pythonPresent()) {
            assertThat(DkimTestKit.pythonVerify(bytes)).isTrue();
        }
    }

    @Test
    void aSignedRequestTheMtaDidNotCheckIsVerifiedInProcessAndAnswered() throws Exception {
        byte[] unsigned = Files.readAllBytes(PROJECT.resolve("src/test/resources/corpus/69-yahoo-dkim-none-no-signature.eml"));
        drop("unsigned.req", unsigned);
        drop("signed.req", signForYahoo(unsigned));
        awaitDrained();
        // Only the signed request is answered (two entries for get@); the unsigned one is rejected as dkim-missing.
        assertThat(files(outbox())).hasSize(2);
        assertThat(files(maildir().resolve("cur"))).hasSize(2);
    }

    private static boolean pythonPresent() {
        try {
            DkimTestKit.assumePythonDkim();
            return true;
        } catch (org.opentest4j.TestAbortedException e) {
            return false;
        }
    }

    /** Signs a maildir (LF) message for yahoo.com with our signer, as yahoo would have, and stores it with LF again. */
    private static byte[] signForYahoo(byte[] lf) {
        String crlf = new String(lf, StandardCharsets.ISO_8859_1).replace("\n", "\r\n");
        int split = crlf.indexOf("\r\n\r\n");
        OutgoingMail m = new OutgoingMail(OutgoingMail.Kind.ANSWER, "y".repeat(24), 0, "", List.of(), crlf.substring(0, split + 2),
                new AnswerBody("text/plain", crlf.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1)),
                SendMethod.DEFAULT);
        byte[] signed = new DkimAnswerSigner("yahoo.com", "route", List.of("from", "to", "subject", "date"),
                DkimKeyFile.load(DkimTestKit.PKCS8_KEY)).sign(m).toBytes();
        return new String(signed, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
