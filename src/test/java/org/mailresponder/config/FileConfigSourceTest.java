package org.mailresponder.config;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigSourceContract} for a config file on local disk. */
class FileConfigSourceTest extends ConfigSourceContract {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("responder.json");
    }

    @Override
    protected ConfigSource newSource() {
        return new FileConfigSource(file());
    }

    @Override
    protected void write(byte[] bytes) throws Exception {
        // as an editor or ConfigMap update does: a new file moved over the old one
        Path tmp = Files.write(dir.resolve(".responder.json.tmp"), bytes);
        Files.move(tmp, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    protected void remove() throws Exception {
        Files.delete(file());
    }

    @Override
    protected String locationName() {
        return file().toString();
    }
}
