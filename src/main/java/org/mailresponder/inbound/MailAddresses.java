package org.mailresponder.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Addresses read from the raw (undecoded) text of an address header. Display names stay encoded while the list is
 * split, so {@code =?UTF-8?B?Rm9vLCBCYXI=?= <foo.bar@example.com>} is one address even though its name decodes to
 * "Foo, Bar". What a delivery system writes instead of an address ({@code <>}, {@code <MAILER-DAEMON>},
 * {@code MAILER-DAEMON@localhost}) is still returned, so the screen can recognise it; {@link #usable} tells whether
 * an answer could be sent to it.
 */
public final class MailAddresses {

    private static final Pattern ADDRESS_LIKE =
            Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");

    /** Longest header text read for addresses: a From or To longer than this is hostile, not a person's. */
    static final int MAX_HEADER_CHARS = 16_384;
    private static final int MAX_ADDRESS = 254;
    private static final Pattern USABLE =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z0-9-]{2,63}");

    private MailAddresses() {
    }

    /**
     * Every address in a raw address header, in order, trimmed; an empty string stands for an empty {@code <>}.
     * Falls back to the text in angle brackets (or the bare text) when the header is not an address list.
     */
    public static List<String> parse(String raw) {
        if (raw == null) {
            return List.of();
        }
        String text = raw.length() > MAX_HEADER_CHARS ? raw.substring(0, MAX_HEADER_CHARS) : raw;
        List<String> out = new ArrayList<>();
        try {
            for (InternetAddress a : InternetAddress.parseHeader(text, false)) {
                String addr = a.getAddress();
                if (addr != null) {
                    addr = withoutComments(addr).strip();
                    // "Big Bug bb@bug.com": a display name without angle brackets; the address is the token with @
                    if (addr.indexOf(' ') > 0 || addr.indexOf('\t') > 0) {
                        String token = fallback(addr);
                        addr = token == null ? addr : token;
                    }
                    out.add(addr);
                }
            }
        } catch (AddressException | RuntimeException e) {
            out.clear();
        }
        if (out.isEmpty() || (out.size() == 1 && out.get(0).isEmpty() && text.indexOf('<') < 0)) {
            String fallback = fallback(text);
            if (fallback != null) {
                out.clear();
                out.add(fallback);
            }
        }
        return out;
    }

    /** The first address of a raw header, or null when there is none at all. */
    public static String first(String raw) {
        List<String> all = parse(raw);
        return all.isEmpty() ? null : all.get(0);
    }

    /** RFC 5322 comments, {@code pete(his account)@silly.test(his host)}, removed; one pass. */
    static String withoutComments(String s) {
        if (s.indexOf('(') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (depth == 0) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (c == '"' && depth == 0) {
                quoted = !quoted;
                out.append(c);
            } else if (c == '(' && !quoted) {
                depth++;
            } else if (c == ')' && !quoted && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String fallback(String text) {
        int lt = text.indexOf('<');
        if (lt >= 0) {
            int gt = text.indexOf('>', lt + 1);
            return (gt < 0 ? text.substring(lt + 1) : text.substring(lt + 1, gt)).strip();
        }
        String t = withoutComments(text).strip();
        if (t.isEmpty()) {
            return null;
        }
        String[] tokens = t.split("\\s+");
        for (String token : tokens) {
            if (token.indexOf('@') > 0) {
                return token.replaceAll("^[\"',;]+|[\"',;]+$", "");
            }
        }
        return tokens[tokens.length - 1].replaceAll("^[\"',;]+|[\"',;]+$", "");
    }

    /** Whether an answer can be addressed to it: plain ASCII {@code local@domain.tld} of sane length. */
    public static boolean usable(String address) {
        return address != null && address.length() <= MAX_ADDRESS && USABLE.matcher(address).matches();
    }

    /** The local part (everything before the last {@code @}, or the whole text when there is none), lower-cased. */
    public static String localPart(String address) {
        if (address == null) {
            return "";
        }
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(0, at)).toLowerCase(Locale.ROOT);
    }

    /** The domain (after the last {@code @}), lower-cased, or empty. */
    public static String domain(String address) {
        if (address == null) {
            return "";
        }
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** Exception texts can quote header values; nothing shaped like an address leaves through a log line. */
    public static String redact(String text) {
        return text == null ? null : ADDRESS_LIKE.matcher(text).replaceAll("<address>");
    }
}
