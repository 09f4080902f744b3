package org.mailresponder.dkim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;
import org.apache.james.jdkim.tagvalue.SignatureRecordTemplate;
import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;

/**
 * Signs answers and admin forwards (DKIM, RFC 6376): rsa-sha256, relaxed/relaxed, over the configured headers.
 *
 * <p>The body hash depends only on the body bytes, which are shared by every answer for one config entry, so it
 * is computed once per {@link AnswerBody} (by jDKIM's own relaxed canonicaliser) and kept there. jDKIM 0.5 has no
 * parameter for a known body hash, and its {@code DKIMSigner} looks up a new {@link Signature} from the default
 * providers for every mail, parses its record template anew and canonicalises each header with regular expressions
 * compiled per field (4 % of the JVM's CPU samples in a text burst). So per mail the signer writes the field's
 * tags itself (v, a, c, d, s, t, h, bh, then b last, which is what verifiers strip), feeds the relaxed signed
 * headers and the field itself ({@link RelaxedHeaderCanonicalizer}) into a {@link Signature} of the chosen
 * {@link RsaSigningProvider} that each worker thread keeps and reuses, and computes only the header hash and the RSA
 * signature. The template is still checked by jDKIM at start-up, and jDKIM and dkimpy verify the result in the tests.
 */
public class DkimAnswerSigner implements AnswerSigner {

    /** Key under which the relaxed SHA-256 body hash is cached in an AnswerBody. */
    static final String BODY_HASH_KEY = "dkim.bh.relaxed.sha256";

    private static final int FOLD_AT = 76;
    /** Compiled once: String.split compiles a two-character separator anew on every call. */
    private static final Pattern TAG_SEPARATOR = Pattern.compile("; ", Pattern.LITERAL);

    private final String template;
    /** The field up to its t= value: "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=…; s=…; t=". */
    private final String fieldHead;
    /** "; h=…; bh=", between the t= value and the body hash. */
    private final String hTag;
    private final List<String> signedNames;
    private final Clock clock;
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
        this(domain, selector, signedHeaders, rsa, Clock.systemUTC());
    }

    /** @param clock the signing time, t= */
    DkimAnswerSigner(String domain, String selector, List<String> signedHeaders, RsaSigningProvider rsa, Clock clock) {
        if (domain == null || domain.isBlank() || selector == null || selector.isBlank()) {
            throw new IllegalArgumentException("DKIM signing needs a domain and a selector");
        }
        List<String> names = signedHeaders.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).toList();
        if (!names.contains("from")) {
            throw new IllegalArgumentException("the DKIM signed headers must include from (RFC 6376 5.4)");
        }
        String tags = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain.trim().toLowerCase(Locale.ROOT)
                + "; s=" + selector.trim() + "; t=";
        this.hTag = "; h=" + String.join(":", names) + "; bh=";
        this.template = tags + hTag + "; b=;";
        this.fieldHead = "DKIM-Signature: " + tags;
        this.signedNames = names;
        this.clock = clock;
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
        String unsigned = fieldHead + clock.instant().getEpochSecond() + hTag
                + Base64.getEncoder().encodeToString(bodyHash) + "; b=";
        Signature signature = signatures.get();
        try {
            RelaxedHeaderCanonicalizer.feed(new HeaderFields(mail.headers()), signedNames, signature);
            // the field itself last, its b= empty and without CRLF (RFC 6376 3.7)
            signature.update(RelaxedHeaderCanonicalizer.canonical(unsigned));
            String b = Base64.getEncoder().encodeToString(signature.sign());
            return mail.withHeaders(fold(unsigned + b) + "\r\n" + mail.headers());
        } catch (SignatureException | RuntimeException e) {
            // The object may hold half a message now: the next mail on this thread gets a fresh one.
            signatures.remove();
            throw new IllegalStateException("DKIM signing failed for " + mail + ": " + e.getMessage(), e);
        }
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
        String[] tags = TAG_SEPARATOR.split(field);
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
}
