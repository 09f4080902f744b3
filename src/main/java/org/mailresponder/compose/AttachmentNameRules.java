package org.mailresponder.compose;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Some providers refuse or strip attachments by extension; for their users the display name is rewritten
 * ({@code .exe} to no extension, {@code .apk} to {@code .ap_} by default). Both the domains and the renames are
 * configuration.
 */
public class AttachmentNameRules {

    private final Set<String> domains;
    private final Map<String, String> renames;

    public AttachmentNameRules(Set<String> domains, Map<String, String> renames) {
        this.domains = Set.copyOf(domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList());
        this.renames = new LinkedHashMap<>();
        renames.forEach((k, v) -> this.renames.put(k.toLowerCase(Locale.ROOT), v));
    }

    /** Parses {@code .exe=,.apk=.ap_} into an ordered map. */
    public static Map<String, String> parseRenames(String spec) {
        Map<String, String> map = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return map;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("attachment rename \"" + pair.trim()
                        + "\" must look like .ext=.replacement (replacement may be empty)");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }

    /** Whether answers to this sender domain get rewritten names. */
    public boolean appliesTo(String senderDomain) {
        return domains.contains(senderDomain.toLowerCase(Locale.ROOT));
    }

    String rename(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> r : renames.entrySet()) {
            if (lower.endsWith(r.getKey())) {
                return filename.substring(0, filename.length() - r.getKey().length()) + r.getValue();
            }
        }
        return filename;
    }
}
