package org.mailresponder.dkim;

import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.mailresponder.inbound.InboundDkimVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the DKIM beans from the {@code responder.dkim.*} settings. */
public final class DkimSigning {

    /**
     * Every header the composer writes that a receiver shows or threads by. From, To and Subject are listed twice
     * so that a second copy added in transit breaks the signature instead of being shown.
     */
    private static final Logger LOG = LoggerFactory.getLogger(DkimSigning.class);

    private DkimSigning() {
    }

    /**
     * The answer signer: unsigned when no key file is set; otherwise the key must load, or start-up fails.
     *
     * @param domain empty means the domain of {@code fromAddress}
     */
    public static AnswerSigner signer(String keyFile, String domain, String fromAddress, String selector,
                                      String signedHeaders) {
        return signer(keyFile, domain, fromAddress, selector, signedHeaders, "auto");
    }

    /**
     * @param provider {@code auto} (Amazon Corretto Crypto Provider where it loads, else the JDK's), {@code accp}
     *                 or {@code jdk}; see {@link RsaSigningProvider}
     */
    public static AnswerSigner signer(String keyFile, String domain, String fromAddress, String selector,
                                      String signedHeaders, String provider) {
        if (keyFile == null || keyFile.isBlank()) {
            LOG.info("DKIM signing is off (responder.dkim.sign.key-file is empty): answers leave unsigned");
            return AnswerSigner.UNSIGNED;
        }
        RSAPrivateCrtKey key = DkimKeyFile.load(Path.of(keyFile.trim()));
        String d = domain == null || domain.isBlank() ? fromAddress.substring(fromAddress.lastIndexOf('@') + 1) : domain;
        List<String> headers = Arrays.stream(signedHeaders.split("[:,]")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        DkimAnswerSigner signer = new DkimAnswerSigner(d, selector, headers,
                RsaSigningProvider.select(RsaSigningProvider.Choice.parse(provider), key));
        LOG.info("DKIM signing answers as d={} s={} with a {}-bit RSA key; publish {}._domainkey.{} TXT",
                d, selector, key.getModulus().bitLength(), selector, d);
        return signer;
    }

    /** Re-verifies inbound signatures with keys from DNS. */
    public static InboundDkimVerifier inboundVerifier(List<String> dnsServers, long timeoutMillis) {
        return new JdkimInboundVerifier(DkimKeyRecords.dns(dnsServers, Duration.ofMillis(timeoutMillis)));
    }
}
