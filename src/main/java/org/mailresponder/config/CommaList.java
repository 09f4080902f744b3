package org.mailresponder.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A comma-separated setting ({@code a, b,c}) as the set of its non-empty items, in the order written. */
public final class CommaList {

    private CommaList() {
    }

    public static Set<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(
                Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
    }
}
