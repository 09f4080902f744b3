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
import org.mailresponder.testing.SmallFilesystem;
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
            code = new CommandLine(new ResponderCommand(new org.mailresponder.app.ResponderHost(java.nio.file.Path.of("")))).execute("deliver", "--maildir", dir.toString());
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
            assertThat(new CommandLine(new ResponderCommand(new org.mailresponder.app.ResponderHost(java.nio.file.Path.of("")))).execute("deliver", "--maildir", file.toString()))
                    .isEqualTo(75);
        } finally {
            System.setIn(stdin);
        }
    }

    private static int deliver(InputStream in, Path maildir) {
        InputStream stdin = System.in;
        try {
            System.setIn(in);
            return new CommandLine(new ResponderCommand(new org.mailresponder.app.ResponderHost(java.nio.file.Path.of("")))).execute("deliver", "--maildir", maildir.toString());
        } finally {
            System.setIn(stdin);
        }
    }

    /** A message of {@code size} bytes, generated as it is read (never whole in memory). */
    private static InputStream message(long size) {
        byte[] head = "From: a@mail.example\r\nX-Original-To: get@responder.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                return pos >= size ? -1 : (int) (pos < head.length ? head[(int) pos++] : (pos++ % 78 == 77 ? '\n' : 'a'));
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
    }

    @Test
    void aMessageOverTheLimitIsRefusedPermanentlyAndLeavesNothingBehind() throws Exception {
        // responder.inbound.max-bytes is 8192000 in the project's application.properties
        assertThat(deliver(message(8_192_001), dir)).isEqualTo(DeliverCommand.EX_DATAERR);
        assertThat(list(dir.resolve("tmp"))).isEmpty();
        assertThat(list(dir.resolve("new"))).isEmpty();
        assertThat(deliver(message(8_192_000), dir)).as("exactly the limit is accepted").isZero();
        assertThat(list(dir.resolve("new"))).hasSize(1);
        assertThat(Files.size(list(dir.resolve("new")).get(0))).isEqualTo(8_192_000);
    }

    @Test
    void aFullDiskIsATemporaryFailureAndTheTmpFileIsRemoved() throws Exception {
        try (SmallFilesystem fs = SmallFilesystem.mount(512 * 1024)) {
            Path maildir = fs.dir().resolve("maildir");
            assertThat(deliver(message(2_000_000), maildir)).isEqualTo(DeliverCommand.EX_TEMPFAIL);
            assertThat(list(maildir.resolve("tmp"))).as("no partial file in tmp/").isEmpty();
            assertThat(list(maildir.resolve("new"))).isEmpty();
            // the space the partial file took is free again: a small message still fits
            assertThat(deliver(message(100_000), maildir)).isZero();
            assertThat(list(maildir.resolve("new"))).hasSize(1);
        }
    }

    @Test
    void aReadOnlyMaildirIsATemporaryFailure() throws Exception {
        try (SmallFilesystem fs = SmallFilesystem.mount(1024 * 1024)) {
            Path maildir = fs.dir().resolve("maildir");
            Files.createDirectories(maildir.resolve("tmp"));
            for (String sub : List.of("new", "cur", "failed")) {
                Files.createDirectories(maildir.resolve(sub));
            }
            fs.readOnly();
            assertThat(deliver(message(1000), maildir)).isEqualTo(DeliverCommand.EX_TEMPFAIL);
            fs.readWrite();
            assertThat(list(maildir.resolve("tmp"))).isEmpty();
        }
    }

    @Test
    void anInputBrokenOffWithAnErrorIsATemporaryFailureAndTheTmpFileIsRemoved() throws Exception {
        // A read error on stdin cannot be produced with a real pipe here (a dead writer gives EOF), so this one
        // fault is simulated: the stream fails after 300 kB.
        InputStream broken = new java.io.FilterInputStream(message(5_000_000)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (read > 300_000) {
                    throw new java.io.IOException("Input/output error");
                }
                int n = super.read(b, off, len);
                read += Math.max(0, n);
                return n;
            }
        };
        assertThat(deliver(broken, dir)).isEqualTo(DeliverCommand.EX_TEMPFAIL);
        assertThat(list(dir.resolve("tmp"))).isEmpty();
        assertThat(list(dir.resolve("new"))).isEmpty();
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
