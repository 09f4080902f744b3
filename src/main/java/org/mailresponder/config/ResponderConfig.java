package org.mailresponder.config;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated responder config. {@code version} is a digest of the source bytes (or the S3 ETag), so answers
 * composed from it can be cached per version.
 */
public final class ResponderConfig {

    private final String version;
    private final Instant loadedAt;
    private final Map<String, List<ConfigEntry>> byAddress;

    public ResponderConfig(String version, Instant loadedAt, Collection<ConfigEntry> entries) {
        this.version = version;
        this.loadedAt = loadedAt;
        Map<String, List<ConfigEntry>> grouped = new LinkedHashMap<>();
        for (ConfigEntry e : entries) {
            grouped.computeIfAbsent(e.emailAddr(), k -> new java.util.ArrayList<>()).add(e);
        }
        grouped.replaceAll((k, v) -> List.copyOf(v));
        this.byAddress = Map.copyOf(grouped);
    }

    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** The entries for a requested address in config order, or an empty list when it is not served. */
    public List<ConfigEntry> entriesFor(String requestedAddress) {
        return byAddress.getOrDefault(requestedAddress, List.of());
    }

    public boolean serves(String requestedAddress) {
        return byAddress.containsKey(requestedAddress);
    }

    public Set<String> addresses() {
        return new TreeSet<>(byAddress.keySet());
    }

    public Set<String> domains() {
        Set<String> domains = new TreeSet<>();
        for (String a : byAddress.keySet()) {
            domains.add(a.substring(a.indexOf('@') + 1));
        }
        return domains;
    }

    public int entryCount() {
        return byAddress.values().stream().mapToInt(List::size).sum();
    }
}
