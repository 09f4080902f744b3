package org.mailresponder.config;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the config in force. A fetch failure, an invalid new file, or one naming an attachment that cannot be read
 * ({@link AttachmentCheck}) never replaces the last good config; it is reported and kept as {@link #lastReload()}
 * for health and metrics.
 */
public class ResponderConfigHolder {

    private static final Logger LOG = LoggerFactory.getLogger(ResponderConfigHolder.class);

    /** Outcome of the last reload attempt. */
    public record ReloadStatus(Instant at, boolean ok, boolean changed, String version, String error) {
    }

    private final ConfigSource source;
    private final ResponderConfigParser parser;
    private final AttachmentCheck attachments;
    private final AtomicReference<ResponderConfig> current = new AtomicReference<>();
    private volatile ReloadStatus lastReload;

    public ResponderConfigHolder(ConfigSource source, ResponderConfigParser parser) {
        this(source, parser, AttachmentCheck.NONE);
    }

    public ResponderConfigHolder(ConfigSource source, ResponderConfigParser parser, AttachmentCheck attachments) {
        this.source = source;
        this.parser = parser;
        this.attachments = attachments;
    }

    /** Loads the config if it changed. Never throws: the status says what happened. */
    public synchronized ReloadStatus refresh() {
        ResponderConfig before = current.get();
        String known = before == null ? null : before.version();
        ReloadStatus status;
        try {
            ConfigSource.Fetched fetched = source.fetchIfChanged(known);
            if (fetched == null) {
                status = new ReloadStatus(Instant.now(), true, false, known, null);
            } else {
                ResponderConfig next = parser.parse(fetched.bytes(), fetched.version());
                checkAttachments(next, attachments);
                current.set(next);
                LOG.info("Responder config {} in force from {}: {} addresses, {} entries", next.version(),
                        source.describe(), next.addresses().size(), next.entryCount());
                status = new ReloadStatus(Instant.now(), true, true, next.version(), null);
            }
        } catch (ConfigValidationException e) {
            status = failed(known, "invalid config: " + e.getMessage());
        } catch (Exception e) {
            status = failed(known, "cannot read config: " + e);
        }
        lastReload = status;
        return status;
    }

    /**
     * Checks every attachment the config names (each distinct one once).
     *
     * @throws ConfigValidationException naming each entry and attachment that cannot be read, and why
     */
    public static void checkAttachments(ResponderConfig config, AttachmentCheck check) throws ConfigValidationException {
        Map<List<String>, String> checked = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String address : config.addresses()) {
            for (ConfigEntry entry : config.entriesFor(address)) {
                for (AttachmentRef ref : entry.attachments()) {
                    List<String> object = List.of(ref.bucket(), ref.key());
                    if (!checked.containsKey(object)) {
                        String error = null;
                        try {
                            check.check(ref);
                        } catch (IOException | RuntimeException e) {
                            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        }
                        checked.put(object, error);
                    }
                    String error = checked.get(object);
                    if (error != null) {
                        problems.add(address + " mail " + (entry.index() + 1) + ": attachment [" + ref.bucket() + ", "
                                + ref.key() + ", " + ref.filename() + "]: " + error);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems.size() == 1 ? problems.get(0)
                    : problems.size() + " attachments cannot be sent: " + String.join("; ", problems));
        }
    }

    private ReloadStatus failed(String known, String error) {
        if (known == null) {
            LOG.error("No responder config in force; {} from {}", error, source.describe());
        } else {
            LOG.error("Keeping config {} in force; {} from {}", known, error, source.describe());
        }
        return new ReloadStatus(Instant.now(), false, false, known, error);
    }

    /** The config in force. */
    public ResponderConfig current() {
        ResponderConfig c = current.get();
        if (c == null) {
            ReloadStatus s = lastReload;
            throw new ConfigUnavailableException("no responder config loaded" + (s == null ? "" : ": " + s.error()));
        }
        return c;
    }

    public boolean isLoaded() {
        return current.get() != null;
    }

    public ReloadStatus lastReload() {
        return lastReload;
    }

    public String describeSource() {
        return source.describe();
    }
}
