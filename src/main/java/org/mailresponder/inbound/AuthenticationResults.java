package org.mailresponder.inbound;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the DKIM result the MTA recorded in {@code Authentication-Results} (RFC 8601). Only headers whose
 * authserv-id is trusted count; a pass counts only when its {@code header.d} is the sender's domain or a parent
 * of it (relaxed alignment).
 */
public final class AuthenticationResults {

    public enum DkimStatus { PASS, FAIL, NONE }

    private AuthenticationResults() {
    }

    public static DkimStatus dkimStatus(List<String> headerValues, Set<String> trustedAuthservIds, String senderDomain) {
        boolean failed = false;
        for (String value : headerValues) {
            String[] parts = stripComments(value).split(";");
            String authserv = parts[0].trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (!trustedAuthservIds.contains(authserv)) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                String clause = parts[i].trim().toLowerCase(Locale.ROOT);
                if (!clause.startsWith("dkim=")) {
                    continue;
                }
                String[] tokens = clause.split("\\s+");
                String result = tokens[0].substring("dkim=".length());
                if (result.equals("pass")) {
                    String d = property(tokens, "header.d");
                    if (d == null) {
                        String identity = property(tokens, "header.i");
                        d = identity == null ? null : identity.substring(identity.indexOf('@') + 1);
                    }
                    if (d != null && (senderDomain.equals(d) || senderDomain.endsWith("." + d))) {
                        return DkimStatus.PASS;
                    }
                    failed = true;
                } else if (!result.equals("none")) {
                    failed = true;
                }
            }
        }
        return failed ? DkimStatus.FAIL : DkimStatus.NONE;
    }

    private static String property(String[] tokens, String name) {
        for (String t : tokens) {
            if (t.startsWith(name + "=")) {
                return t.substring(name.length() + 1).replace("\"", "").replaceAll("^@", "");
            }
        }
        return null;
    }

    private static String stripComments(String s) {
        return s.replaceAll("\\([^)]*\\)", " ");
    }
}
