package org.mailresponder.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The relaxed header canonicalisation against RFC 6376's own example (3.4.5), and the order in which h= takes the
 * fields (5.4.2: the same name twice takes its occurrences from the bottom up; a name with no field left signs
 * nothing). Whole answers are checked against jDKIM's and dkimpy's verifiers in {@link DkimAnswerSignerTest}.
 */
class RelaxedHeaderCanonicalizerTest {

    @Test
    void rfc6376Example() {
        // RFC 6376 3.4.5: "A: X", and "B : Y<TAB>" folded onto "<TAB>Z  "
        assertThat(text(RelaxedHeaderCanonicalizer.canonical("A: X"))).isEqualTo("a:X");
        assertThat(text(RelaxedHeaderCanonicalizer.canonical("B : Y\t\r\n\tZ  "))).isEqualTo("b:Y Z");
    }

    @Test
    void spacesAroundTheColonAndInsideTheValueCollapse() {
        assertThat(text(RelaxedHeaderCanonicalizer.canonical("Subject:   two\t\t words  \r\n  folded\t")))
                .isEqualTo("subject:two words folded");
        assertThat(text(RelaxedHeaderCanonicalizer.canonical("X-Empty:  \r\n ")))
                .isEqualTo("x-empty:");
    }

    @Test
    void aRepeatedNameTakesTheFieldsFromTheBottomUpAndASurplusNameSignsNothing() throws Exception {
        HeaderFields fields = new HeaderFields("X-Tag: first\r\nFrom: a@example.org\r\nx-tag:  second\r\nTo: b@example.net");
        RSAPrivateCrtKey key = DkimKeyFile.load(DkimTestKit.PKCS8_KEY);
        Signature signing = Signature.getInstance("SHA256withRSA");
        signing.initSign(key);
        RelaxedHeaderCanonicalizer.feed(fields, List.of("from", "x-tag", "x-tag", "x-tag", "subject"), signing);
        byte[] signed = signing.sign();

        PublicKey pub = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        assertThat(verifies(pub, signed, "from:a@example.org\r\nx-tag:second\r\nx-tag:first\r\n")).isTrue();
        assertThat(verifies(pub, signed, "from:a@example.org\r\nx-tag:first\r\nx-tag:second\r\n")).isFalse();
    }

    @Test
    void fieldsAreFoundByNameWhateverTheCaseAndSpaceBeforeTheColon() {
        HeaderFields fields = new HeaderFields("Date : Mon\r\nDATE: Tue\r\nDated: no");
        assertThat(fields.fromBottom("date", 1)).isEqualTo("DATE: Tue");
        assertThat(fields.fromBottom("date", 2)).isEqualTo("Date : Mon");
        assertThat(fields.fromBottom("date", 3)).isNull();
    }

    private static boolean verifies(PublicKey pub, byte[] signed, String text) throws Exception {
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(pub);
        v.update(text.getBytes(StandardCharsets.US_ASCII));
        return v.verify(signed);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
