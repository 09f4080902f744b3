package org.mailresponder.dkim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import java.util.Locale;

import org.apache.james.jdkim.DKIMCommon;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;
import org.apache.james.jdkim.tagvalue.SignatureRecordTemplate;
import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;

/**
 * Signs answers and admin forwards with Apache jDKIM: rsa-sha256, relaxed/relaxed, over the configured headers.
 *
 * <p>The body hash depends only on the body bytes, which are shared by every answer for one config entry, so it
 * is computed once per {@link AnswerBody} (by jDKIM's own relaxed canonicaliser) and kept there. jDKIM 0.5 has no
 * parameter for a known body hash, and its {@code DKIMSigner} looks up a new {@link Signature} from the default
 * providers for every mail; so the signer sets the cached body hash on jDKIM's signature record itself, lets jDKIM
 * canonicalise and feed the signed headers ({@code DKIMCommon.signatureCheck}), and signs with a {@link Signature}
 * of the chosen {@link RsaSigningProvider} that each worker thread keeps and reuses. Per mail only the header hash
 * and the RSA signature are computed.
 */
public class DkimAnswerSigner implements AnswerSigner {

    /** Key under which the relaxed SHA-256 body hash is cached in an AnswerBody. */
    static final String BODY_HASH_KEY = "dkim.bh.relaxed.sha256";

    private static final int FOLD_AT = 76;

    private final String template;
    private final RsaSigningProvider rsa;
    /** A Signature is not thread-safe; after sign() it is ready for the next mail with the same key. */
    private final ThreadLocal<Signature> signatures;

    /**
     * @param domain        d=, the signing domain whose DNS publishes the key
     * @param selector      s=, the label under {@code _domainkey.<domain>}
     * @param signedHeaders h=, lower-case field names; a name listed more often than it occurs also signs its
     *                      absence, so a header added later breaks the signature
     */
    public DkimAnswerSigner(String domain, String selector, List<String> signedHeaders, RSAPrivateCrtKey key) {
        this(domain, selector, signedHeaders, RsaSigningProvider.select(RsaSigningProvider.Choice.AUTO, key));
    }

    /** @param rsa the provider and key that compute the RSA signature */
    public DkimAnswerSigner(String domain, String selector, List<String> signedHeaders, RsaSigningProvider rsa) {
        if (domain == null || domain.isBlank() || selector == null || selector.isBlank()) {
            throw new IllegalArgumentException("DKIM signing needs a domain and a selector");
        }
        List<String> names = signedHeaders.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).toList();
        if (!names.contains("from")) {
            throw new IllegalArgumentException("the DKIM signed headers must include from (RFC 6376 5.4)");
        }
        this.template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain.trim().toLowerCase(Locale.ROOT)
                + "; s=" + selector.trim() + "; t=; h=" + String.join(":", names) + "; bh=; b=;";
        this.rsa = rsa;
        this.signatures = ThreadLocal.withInitial(rsa::newSignature);
        // Fail at start-up, not on the first answer, if the template or key is unusable.
        new SignatureRecordTemplate(template).validate();
        rsa.newSignature();
    }

    /** Which implementation computes the RSA signatures. */
    public String providerDescription() {
        return rsa.description();
    }

    @Override
    public OutgoingMail sign(OutgoingMail mail) {
        byte[] bodyHash = mail.body().derive(BODY_HASH_KEY, this::bodyHash);
        SignatureRecord record = new SignatureRecordTemplate(template);
        record.setBodyHash(bodyHash);
        Signature signature = signatures.get();
        try {
            SignedHeaders.feed(new HeaderFields(mail.headers()), record, signature);
            record.setSignature(signature.sign());
        } catch (PermFailException | SignatureException | RuntimeException e) {
            // The object may hold half a message now: the next mail on this thread gets a fresh one.
            signatures.remove();
            throw new IllegalStateException("DKIM signing failed for " + mail + ": " + e.getMessage(), e);
        }
        return mail.withHeaders(fold("DKIM-Signature:" + record) + "\r\n" + mail.headers());
    }

    /** The relaxed-canonicalised SHA-256 of a body, as jDKIM computes it. */
    byte[] bodyHash(byte[] body) {
        try {
            BodyHasherImpl hasher = new BodyHasherImpl(new SignatureRecordTemplate(template));
            try (OutputStream out = hasher.getOutputStream()) {
                out.write(body);
            }
            return hasher.getDigest();
        } catch (PermFailException e) {
            throw new IllegalStateException("DKIM body hash: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * jDKIM returns the field on one line. Folding replaces the single space after a tag's ';' with CRLF+TAB,
     * which relaxed canonicalisation turns back into that one space, and breaks the b= value, whose whitespace
     * verifiers ignore, so the signed text is unchanged.
     */
    static String fold(String field) {
        StringBuilder out = new StringBuilder(field.length() + 32);
        int lineLength = 0;
        String[] tags = field.split("; ");
        for (int i = 0; i < tags.length; i++) {
            String tag = i < tags.length - 1 ? tags[i] + ";" : tags[i];
            if (i > 0) {
                if (lineLength + 1 + tag.length() > FOLD_AT) {
                    out.append("\r\n\t");
                    lineLength = 1;
                } else {
                    out.append(' ');
                    lineLength++;
                }
            }
            if (tag.startsWith("b=") && lineLength + tag.length() > FOLD_AT) {
                int room = Math.max(FOLD_AT - lineLength, 16);
                int pos = 0;
                while (tag.length() - pos > room) {
                    out.append(tag, pos, pos + room).append("\r\n\t");
                    pos += room;
                    room = FOLD_AT - 1;
                }
                out.append(tag, pos, tag.length());
                lineLength = 1 + tag.length() - pos;
            } else {
                out.append(tag);
                lineLength += tag.length();
            }
        }
        return out.toString();
    }

    /** jDKIM's header canonicalisation, fed into a signature object of our choosing. */
    private static final class SignedHeaders extends DKIMCommon {
        static void feed(Headers headers, SignatureRecord record, Signature signature)
                throws PermFailException, SignatureException {
            signatureCheck(headers, record, record.getHeaders(), signature);
        }
    }
}
