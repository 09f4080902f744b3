package org.mailresponder.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.Test;
import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;

/**
 * Signed answers (links, attachments, admin forward) as the real composer builds them verify with two verifiers
 * that are not our code; any change to a signed byte breaks them; the body hash is taken from the AnswerBody.
 */
class DkimAnswerSignerTest {

    private final DkimAnswerSigner signer = DkimTestKit.signer();

    @Test
    void everySignedAnswerVerifiesWithJdkim() throws Exception {
        List<OutgoingMail> mails = DkimTestKit.unsignedAnswers("01-plain-request.eml");
        assertThat(mails).hasSize(3); // links, installers, admin forward
        for (OutgoingMail mail : mails) {
            byte[] signed = signer.sign(mail).toBytes();
            assertThat(DkimTestKit.jdkimVerify(signed)).as(mail.toString()).containsExactly(DkimTestKit.DOMAIN);
        }
    }

    @Test
    void everySignedAnswerVerifiesWithPythonDkim() throws Exception {
        DkimTestKit.assumePythonDkim();
        for (String sample : List.of("01-plain-request.eml", "02-persian-subject.eml", "03-android.eml")) {
            for (OutgoingMail mail : DkimTestKit.unsignedAnswers(sample)) {
                assertThat(DkimTestKit.pythonVerify(signer.sign(mail).toBytes())).as(sample + " " + mail).isTrue();
            }
        }
    }

    @Test
    void signatureIsRelaxedRsaSha256OverTheConfiguredHeadersAndFolded() throws Exception {
        OutgoingMail unsigned = DkimTestKit.unsignedAnswers("01-plain-request.eml").get(0);
        OutgoingMail signed = signer.sign(unsigned);
        // The original header block follows the signature unchanged.
        assertThat(signed.headers()).startsWith("DKIM-Signature: ").endsWith("\r\n" + unsigned.headers());
        String field = signed.headers().substring(0, signed.headers().length() - unsigned.headers().length());
        String unfolded = field.replaceAll("\r\n[ \t]", " ");
        assertThat(unfolded).contains("v=1;", "a=rsa-sha256;", "c=relaxed/relaxed;", "d=responder.test;", "s=mr2024;",
                "h=" + DkimTestKit.SIGNED_HEADERS + ";").containsPattern("t=\\d{10};");
        for (String line : field.split("\r\n")) {
            // h= is one token and may not be broken; every other line stays within 78 characters.
            if (!line.contains("h=")) {
                assertThat(line.length()).as(line).isLessThanOrEqualTo(78);
            }
        }
    }

    @Test
    void oneChangedBodyByteFailsBothVerifiers() throws Exception {
        for (OutgoingMail mail : DkimTestKit.unsignedAnswers("01-plain-request.eml")) {
            byte[] signed = signer.sign(mail).toBytes();
            int bodyStart = indexOf(signed, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
            byte[] tampered = signed.clone();
            int at = bodyStart + (signed.length - bodyStart) / 2;
            tampered[at] = (byte) (tampered[at] == 'x' ? 'y' : 'x');
            assertThatThrownBy(() -> DkimTestKit.jdkimVerify(tampered)).isInstanceOf(FailException.class)
                    .hasMessageContaining("bodyhash");
            if (pythonAvailable()) {
                assertThat(DkimTestKit.pythonVerify(tampered)).isFalse();
            }
        }
    }

    @Test
    void aChangedOrAddedSignedHeaderFailsVerification() throws Exception {
        OutgoingMail mail = DkimTestKit.unsignedAnswers("01-plain-request.eml").get(0);
        String signedHeaders = signer.sign(mail).headers();
        OutgoingMail changedSubject = mail.withHeaders(signedHeaders.replace("Subject: Re: please send",
                "Subject: Re: please sent"));
        assertThat(changedSubject.headers()).isNotEqualTo(signedHeaders);
        assertThatThrownBy(() -> DkimTestKit.jdkimVerify(changedSubject.toBytes())).isInstanceOf(FailException.class);
        // From is over-signed: a second From added in transit breaks the signature too.
        OutgoingMail extraFrom = mail.withHeaders(signedHeaders + "From: mallory@evil.example\r\n");
        assertThatThrownBy(() -> DkimTestKit.jdkimVerify(extraFrom.toBytes())).isInstanceOf(FailException.class);
        // An unsigned header may be added (as every relay does with Received).
        OutgoingMail received = mail.withHeaders("Received: from relay by mx; Thu, 16 May 2024 09:00:01 +0000\r\n"
                + signedHeaders);
        assertThat(DkimTestKit.jdkimVerify(received.toBytes())).containsExactly(DkimTestKit.DOMAIN);
    }

    @Test
    void bodyHashIsTakenFromTheAnswerBodyNotRecomputed() throws Exception {
        OutgoingMail mail = DkimTestKit.unsignedAnswers("01-plain-request.eml").get(1);
        byte[] expected = signer.bodyHash(mail.body().bytes());
        signer.sign(mail);
        assertThat(mail.body().derived().get(DkimAnswerSigner.BODY_HASH_KEY)).isEqualTo(expected);

        // A body whose cache holds a planted hash is signed with that hash: proof the bytes were not hashed again.
        AnswerBody planted = new AnswerBody(mail.body().contentType(), mail.body().bytes());
        byte[] fake = new byte[32];
        Arrays.fill(fake, (byte) 7);
        planted.derived().put(DkimAnswerSigner.BODY_HASH_KEY, fake);
        OutgoingMail withPlanted = new OutgoingMail(mail.kind(), mail.requestId(), mail.entryIndex(), mail.envelopeFrom(),
                mail.recipients(), mail.headers(), planted, mail.sendMethod());
        String headers = signer.sign(withPlanted).headers().replaceAll("\r\n[ \t]", " ");
        Matcher bh = Pattern.compile("bh=([A-Za-z0-9+/=]+);").matcher(headers);
        assertThat(bh.find()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(bh.group(1))).isEqualTo(fake);
    }

    @Test
    void twoAnswersSharingABodyBothVerify() throws Exception {
        List<OutgoingMail> first = DkimTestKit.unsignedAnswers("01-plain-request.eml");
        OutgoingMail a = first.get(1);
        // Same body object, other request headers: the second signature reuses the cached body hash.
        OutgoingMail b = a.withHeaders(a.headers().replace("Re: please send", "Re: another request"));
        assertThat(DkimTestKit.jdkimVerify(signer.sign(a).toBytes())).containsExactly(DkimTestKit.DOMAIN);
        assertThat(DkimTestKit.jdkimVerify(signer.sign(b).toBytes())).containsExactly(DkimTestKit.DOMAIN);
        assertThat(a.body().derived()).containsKey(DkimAnswerSigner.BODY_HASH_KEY);
    }

    @Test
    void theSigningTimeIsTheClocksAndTheSignatureStillVerifies() throws Exception {
        Instant at = Instant.parse("2026-11-26T08:00:00Z");
        DkimAnswerSigner fixed = new DkimAnswerSigner(DkimTestKit.DOMAIN, DkimTestKit.SELECTOR,
                List.of(DkimTestKit.SIGNED_HEADERS.split(":")),
                RsaSigningProvider.select(RsaSigningProvider.Choice.AUTO, DkimKeyFile.load(DkimTestKit.PKCS8_KEY)),
                Clock.fixed(at, ZoneOffset.UTC));
        OutgoingMail signed = fixed.sign(DkimTestKit.unsignedAnswers("01-plain-request.eml").get(0));
        assertThat(signed.headers().replaceAll("\r\n[ \t]", " ")).contains("; t=" + at.getEpochSecond() + ";");
        assertThat(DkimTestKit.jdkimVerify(signed.toBytes())).containsExactly(DkimTestKit.DOMAIN);
    }

    @Test
    void pkcs1AndPkcs8KeysSignAlike() throws Exception {
        DkimAnswerSigner pkcs1 = new DkimAnswerSigner(DkimTestKit.DOMAIN, DkimTestKit.SELECTOR,
                List.of("from", "to", "subject"), DkimKeyFile.load(DkimTestKit.PKCS1_KEY));
        OutgoingMail mail = DkimTestKit.unsignedAnswers("03-android.eml").get(0);
        assertThat(DkimTestKit.jdkimVerify(pkcs1.sign(mail).toBytes())).containsExactly(DkimTestKit.DOMAIN);
        assertThat(DkimKeyFile.load(DkimTestKit.PKCS1_KEY)).isEqualTo(DkimKeyFile.load(DkimTestKit.PKCS8_KEY));
    }

    @Test
    void signedHeadersMustIncludeFrom() {
        assertThatThrownBy(() -> new DkimAnswerSigner(DkimTestKit.DOMAIN, DkimTestKit.SELECTOR,
                List.of("to", "subject"), DkimKeyFile.load(DkimTestKit.PKCS8_KEY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
    }

    private static boolean pythonAvailable() {
        try {
            DkimTestKit.assumePythonDkim();
            return true;
        } catch (org.opentest4j.TestAbortedException e) {
            return false;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
