package org.mailresponder.admin;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deliver} as Postfix's pipe would run it: one message on stdin into the maildir. */
class DeliverCommandTest {

    @TempDir
    Path dir;

    @Test
    void storesStdinAtomicallyInNewAndExitsZero() throws Exception {
        byte[] message = "From: a@mail.example\r\nX-Original-To: get@responder.test\r\n\r\nhi\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        InputStream stdin = System.in;
        int code;
        try {
            System.setIn(new ByteArrayInputStream(message));
            code = new CommandLine(new ResponderCommand()).execute("deliver", "--maildir", dir.toString());
        } finally {
            System.setIn(stdin);
        }
        assertThat(code).isZero();
        assertThat(list(dir.resolve("tmp"))).as("nothing left half-written").isEmpty();
        List<Path> delivered = list(dir.resolve("new"));
        assertThat(delivered).hasSize(1);
        assertThat(Files.readAllBytes(delivered.get(0))).isEqualTo(message);
        assertThat(dir.resolve("cur")).isDirectory();
    }

    @Test
    void anUnwritableMaildirIsATemporaryFailureForPostfix() throws Exception {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "x");
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(new byte[] {'x'}));
            assertThat(new CommandLine(new ResponderCommand()).execute("deliver", "--maildir", file.toString()))
                    .isEqualTo(75);
        } finally {
            System.setIn(stdin);
        }
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
