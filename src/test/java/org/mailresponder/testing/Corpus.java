package org.mailresponder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The request corpus under src/test/resources/corpus and its expected outcomes (expected.csv). */
public final class Corpus {

    public static final Path DIR = Path.of("src/test/resources/corpus");

    /** One corpus message and what the service must do with it. */
    public record Case(String file, String outcome, String reason, String requested) {
        public byte[] bytes() {
            try {
                return Files.readAllBytes(DIR.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private Corpus() {
    }

    public static List<Case> cases() {
        try {
            return Files.readAllLines(DIR.resolve("expected.csv"), StandardCharsets.UTF_8).stream()
                    .skip(1)
                    .filter(l -> !l.isBlank())
                    .map(l -> l.split(",", -1))
                    .map(f -> new Case(f[0], f[1], f[2], f[3]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
