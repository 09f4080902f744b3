package org.mailresponder.screen;

import java.util.List;
import java.util.Locale;

/**
 * A configured list of address local parts, case-insensitive, each exact ({@code postmaster}) or with one
 * {@code *} at the start or end ({@code *-admin}, {@code owner-*}). A {@code +tag} is ignored. Matching is a
 * string comparison per entry: no regular expression runs on text a stranger wrote.
 */
public record LocalParts(List<String> entries) {

    public LocalParts {
        entries = entries.stream().map(e -> e.strip().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).toList();
    }

    public static LocalParts parse(String csv) {
        return new LocalParts(csv == null || csv.isBlank() ? List.of() : List.of(csv.split(",")));
    }

    /** The entry that matches the local part, or null. */
    public String match(String localPart) {
        String local = localPart.toLowerCase(Locale.ROOT);
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        for (String e : entries) {
            if (e.startsWith("*") ? local.endsWith(e.substring(1)) && local.length() > e.length() - 1
                    : e.endsWith("*") ? local.startsWith(e.substring(0, e.length() - 1)) && local.length() > e.length() - 1
                    : local.equals(e)) {
                return e;
            }
        }
        return null;
    }
}
