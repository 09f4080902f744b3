package org.mailresponder.inbound;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a sender address into the only form that is ever stored or logged: an HMAC-SHA-256 of its canonical form.
 * Canonical means lower-case, {@code +tag} removed, and for Gmail dots removed and googlemail folded into gmail, so
 * that {@code A.B+x@gmail.com} and {@code ab@googlemail.com} are one sender.
 */
public class SenderIdentity {

    private static final Set<String> GMAIL_DOMAINS = Set.of("gmail.com", "googlemail.com");

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public SenderIdentity(String hashKey) {
        if (hashKey == null || hashKey.length() < 16) {
            throw new IllegalArgumentException("responder.rate-limit.hash-key must be at least 16 characters; "
                    + "it keys the hash that stands in for every sender address");
        }
        this.key = new SecretKeySpec(hashKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static String canonical(String address) {
        String a = address.trim().toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at < 0) {
            return a;
        }
        String local = a.substring(0, at);
        String domain = a.substring(at + 1);
        int plus = local.indexOf('+');
        if (plus >= 0) {
            local = local.substring(0, plus);
        }
        if (GMAIL_DOMAINS.contains(domain)) {
            local = local.replace(".", "");
            domain = "gmail.com";
        }
        return local + "@" + domain;
    }

    public static String domainOf(String address) {
        String a = address.trim().toLowerCase(Locale.ROOT);
        return a.substring(a.lastIndexOf('@') + 1);
    }

    /** Keyed hash of the canonical address, 64 hex characters. */
    public String hash(String address) {
        return hashCanonical(canonical(address));
    }

    public String hashCanonical(String canonicalAddress) {
        byte[] digest = macs.get().doFinal(canonicalAddress.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** A short form of a hash for log lines, enough to correlate without being the stored key. */
    public static String shortHash(String hash) {
        return hash == null ? "-" : hash.substring(0, Math.min(12, hash.length()));
    }
}
