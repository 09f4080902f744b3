package org.mailresponder.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** A config file on local disk; it is re-read only when its size or modification time changed. */
public class FileConfigSource implements ConfigSource {

    private final Path file;
    private String lastStamp;
    private String lastVersion;

    public FileConfigSource(Path file) {
        this.file = file;
    }

    @Override
    public synchronized Fetched fetchIfChanged(String knownVersion) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        String stamp = attrs.size() + "/" + attrs.lastModifiedTime().toMillis();
        if (stamp.equals(lastStamp) && lastVersion != null && lastVersion.equals(knownVersion)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        String version = ResponderConfigParser.digest(bytes);
        lastStamp = stamp;
        lastVersion = version;
        return version.equals(knownVersion) ? null : new Fetched(bytes, version);
    }

    @Override
    public String describe() {
        return file.toAbsolutePath().toString();
    }
}
