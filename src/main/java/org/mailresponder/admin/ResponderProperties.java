package org.mailresponder.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The responder's properties for commands that run without a Camel context: {@code ./application.properties} over
 * the packaged one, overridden by the environment ({@code RESPONDER_MAILDIR} for {@code responder.maildir}) and by
 * {@code -D} system properties, in the same precedence Camel uses for the service.
 */
public final class ResponderProperties {

    private final Properties file = new Properties();

    private ResponderProperties() {
    }

    public static ResponderProperties load(Path workDir) {
        ResponderProperties p = new ResponderProperties();
        Path local = workDir.resolve("application.properties");
        try {
            // the packaged defaults, then the working directory's file over them, as the service reads them
            try (InputStream in = ResponderProperties.class.getResourceAsStream("/application.properties")) {
                if (in != null) {
                    p.file.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                }
            }
            if (Files.isRegularFile(local)) {
                Properties overrides = new Properties();
                try (Reader r = Files.newBufferedReader(local, StandardCharsets.UTF_8)) {
                    overrides.load(r);
                }
                p.file.putAll(overrides);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + local + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** The value, or null when no file, environment variable or system property sets it. */
    public String get(String key) {
        String sys = System.getProperty(key);
        if (sys != null) {
            return sys;
        }
        String env = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        if (env != null) {
            return env;
        }
        String value = file.getProperty(key);
        return value == null ? null : value.trim();
    }
}
