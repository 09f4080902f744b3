package org.mailresponder.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Locale;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider that computes the RSA signature of every answer. Amazon Corretto Crypto Provider (AWS-LC, native)
 * signs RSA-2048 in about half the CPU time of the JDK's own provider; its native library is bundled for Linux
 * x86-64 only, and may still fail to load (another architecture, a {@code noexec} temporary folder), so the JDK's
 * provider is the fallback. Either way one probe signature is checked with the JDK's verifier before the provider
 * is used, so a broken native build can never send mail with bad signatures.
 *
 * <p>The provider is used for DKIM signatures only; it is not installed for the whole JVM (TLS, the AWS SDK and the
 * JDBC driver keep the JDK's providers).
 */
public record RsaSigningProvider(Provider provider, PrivateKey key, String description) {

    /** {@code responder.dkim.sign.provider}: which implementation signs. */
    public enum Choice {
        /** Corretto where its native library loads and passes the probe, else the JDK's. */
        AUTO,
        /** Corretto or nothing: start-up fails when it cannot be used. */
        ACCP,
        /** The JDK's own provider (SunRsaSign). */
        JDK;

        public static Choice parse(String value) {
            String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
            if (v.isEmpty()) {
                return AUTO;
            }
            try {
                return valueOf(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("responder.dkim.sign.provider must be auto, accp or jdk, not '"
                        + value + "'");
            }
        }
    }

    static final String ALGORITHM = "SHA256withRSA";

    private static final Logger LOG = LoggerFactory.getLogger(RsaSigningProvider.class);
    private static final byte[] PROBE = "mail-responder DKIM provider probe".getBytes(StandardCharsets.US_ASCII);

    /** A fresh signature object of this provider, ready to sign with the key. */
    public Signature newSignature() {
        try {
            Signature s = Signature.getInstance(ALGORITHM, provider);
            s.initSign(key);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM: " + description + " cannot sign with the key: " + e.getMessage(), e);
        }
    }

    /** Picks the provider for {@code key} and logs which one signs, and why when it is not the fastest. */
    public static RsaSigningProvider select(Choice choice, RSAPrivateCrtKey key) {
        RsaSigningProvider jdk = jdk(key);
        if (choice == Choice.JDK) {
            LOG.info("DKIM signatures: {} (responder.dkim.sign.provider=jdk)", jdk.description());
            return jdk;
        }
        String problem;
        try {
            RsaSigningProvider accp = corretto(key);
            problem = probe(accp, key);
            if (problem == null) {
                LOG.info("DKIM signatures: {} (native AWS-LC)", accp.description());
                return accp;
            }
        } catch (LinkageError | RuntimeException | GeneralSecurityException e) {
            problem = e.toString();
        }
        if (choice == Choice.ACCP) {
            throw new IllegalStateException("responder.dkim.sign.provider=accp, but Amazon Corretto Crypto Provider "
                    + "cannot be used here: " + problem + " (set it to auto to fall back to the JDK's provider)");
        }
        LOG.warn("DKIM signatures: {} — Amazon Corretto Crypto Provider cannot be used here ({}); signing costs "
                + "about twice the CPU", jdk.description(), problem);
        return jdk;
    }

    static RsaSigningProvider jdk(RSAPrivateCrtKey key) {
        try {
            Provider p = Signature.getInstance(ALGORITHM).getProvider();
            return new RsaSigningProvider(p, key, "JDK provider " + p.getName() + " " + p.getVersionStr());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
        }
    }

    private static RsaSigningProvider corretto(RSAPrivateCrtKey key) throws GeneralSecurityException {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable loading = accp.getLoadingError();
        if (loading != null) {
            throw new IllegalStateException("its native library did not load: " + loading, loading);
        }
        accp.assertHealthy();
        // Translated once here, so initSign never converts the JDK key object again.
        PrivateKey own = KeyFactory.getInstance("RSA", accp).translateKey(key) instanceof PrivateKey k ? k : key;
        return new RsaSigningProvider(accp, own, "Amazon Corretto Crypto Provider " + accp.getVersionStr()
                + " (AWS-LC " + accp.getAwsLcVersionStr() + ")");
    }

    /** Signs a probe with the candidate and verifies it with the JDK; null when it verifies, else the problem. */
    private static String probe(RsaSigningProvider candidate, RSAPrivateCrtKey key) throws GeneralSecurityException {
        Signature s = candidate.newSignature();
        s.update(PROBE);
        byte[] signature = s.sign();
        PublicKey pub = KeyFactory.getInstance("RSA", "SunRsaSign")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        Signature v = Signature.getInstance(ALGORITHM, "SunRsaSign");
        v.initVerify(pub);
        v.update(PROBE);
        return v.verify(signature) ? null : "its probe signature does not verify with the JDK";
    }
}
