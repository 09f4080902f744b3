package org.mailresponder.routes;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mailresponder.inbound.MaildirFiles;
import org.mailresponder.report.RequestOutcomes;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The maildir consumer takes only regular files within the size limit, judged from the file system before a byte
 * is read: a 1 GB file, a symbolic link to /dev/zero, a FIFO, a device, a directory, a dangling link all end in
 * failed/ with a reason, unread and unfollowed, nothing stays in new/, and the service keeps answering.
 */
class MaildirEntriesRouteTest extends ResponderRouteTest {

    @Test
    void specialAndOversizedEntriesGoToFailedUnreadAndTheServiceKeepsAnswering() throws Exception {
        // the entries are made in place, which takes a while for the large ones: scans see each one whole
        context.getRouteController().stopRoute("ingest-maildir");
        Path newDir = maildir().resolve("new");
        Files.createDirectories(newDir);
        Map<String, String> expected = new LinkedHashMap<>();
        try (RandomAccessFile f = new RandomAccessFile(newDir.resolve("one-gigabyte").toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: costs no disk, but reading it would fill the heap
        }
        expected.put("one-gigabyte", "message of 1073741824 bytes exceeds the limit of 8192000");
        byte[] justOver = new byte[8_192_001];
        byte[] head = RequestMail.from("over@mail.example").to("get@responder.test").messageId("<over@mail.example>")
                .bytes();
        System.arraycopy(head, 0, justOver, 0, head.length);
        Files.write(newDir.resolve("one-byte-over"), justOver);
        expected.put("one-byte-over", "message of 8192001 bytes exceeds the limit of 8192000");
        Files.createSymbolicLink(newDir.resolve("dev-zero-link"), Path.of("/dev/zero"));
        expected.put("dev-zero-link", "symbolic link");
        Files.createSymbolicLink(newDir.resolve("dangling-link"), Path.of("/nonexistent/mail"));
        expected.put("dangling-link", "symbolic link");
        Path valid = Files.write(maildir().resolve("elsewhere.eml"),
                RequestMail.from("link@mail.example").to("get@responder.test").messageId("<link@mail.example>")
                        .bytes());
        Files.createSymbolicLink(newDir.resolve("link-to-a-valid-request"), valid);
        expected.put("link-to-a-valid-request", "symbolic link");
        Files.createSymbolicLink(newDir.resolve("link-to-a-directory"), Path.of("/etc"));
        expected.put("link-to-a-directory", "symbolic link");
        Files.createDirectories(newDir.resolve("a-directory"));
        Files.write(newDir.resolve("a-directory/inside.eml"),
                RequestMail.from("dir@mail.example").to("get@responder.test").messageId("<dir@mail.example>").bytes());
        expected.put("a-directory", "directory");
        exec("mkfifo", newDir.resolve("a-fifo").toString());
        expected.put("a-fifo", "special file");
        if (exec("mknod", newDir.resolve("a-char-device").toString(), "c", "1", "5") == 0) { // /dev/zero's numbers
            expected.put("a-char-device", "special file");
        } else {
            System.err.println("NOTE: mknod needs root; the device case is covered by the FIFO and the /dev/zero link");
        }
        context.getRouteController().startRoute("ingest-maildir");
        drop("good-after", RequestMail.from("dora@mail.example").to("android@responder.test")
                .messageId("<good@mail.example>").bytes());
        awaitDrained();

        assertThat(Files.list(newDir).toList()).as("nothing left in new/").isEmpty();
        Path failed = maildir().resolve("failed");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(Files.exists(failed.resolve(e.getKey()), LinkOption.NOFOLLOW_LINKS)).as(e.getKey()).isTrue();
            assertThat(Files.readString(failed.resolve(e.getKey() + ".reason")))
                    .as(e.getKey()).contains("refused before reading").contains(e.getValue());
        }
        assertThat(Files.readSymbolicLink(failed.resolve("dev-zero-link"))).isEqualTo(Path.of("/dev/zero"));
        assertThat(Files.size(failed.resolve("one-gigabyte"))).isEqualTo(1L << 30);
        assertThat(failed.resolve("a-directory/inside.eml")).exists();
        assertThat(Files.isSymbolicLink(failed.resolve("link-to-a-valid-request"))).isTrue();
        assertThat(maildir().resolve("cur").resolve("good-after:2,S")).exists();
        assertThat(files(outbox())).as("only the regular request was answered").hasSize(1);
        assertThat(Mails.header(Mails.read(files(outbox()).get(0)), "In-Reply-To")).isEqualTo("<good@mail.example>");
    }

    /**
     * Written in place in new/ (a {@code cp} instead of the maildir's rename from tmp/): its creation wakes a scan
     * while it is still empty, and timed scans follow; they leave it until it has content, and then it is answered
     * like any request, not failed as an empty one.
     */
    @Test
    void aFileStillBeingWrittenInPlaceIsTakenOnceItHasContent() throws Exception {
        Path inPlace = Files.createFile(maildir().resolve("new").resolve("copied-in-place"));
        TimeUnit.MILLISECONDS.sleep(300);
        Files.write(inPlace, RequestMail.from("copied@mail.example").to("get+fa@responder.test")
                .messageId("<copied@mail.example>").bytes());
        awaitDrained();
        assertThat(maildir().resolve("cur").resolve("copied-in-place:2,S")).exists();
        assertThat(files(maildir().resolve("failed"))).isEmpty();
    }

    @Test
    void anUnreadableFileIsRefusedAndAFileSwappedAfterTheCheckIsNotRead() throws Exception {
        Path maildir = work().resolve("unit-maildir");
        Files.createDirectories(maildir.resolve("new"));
        Path secret = Files.write(maildir.resolve("new/secret"), new byte[] {'x'});
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        // Root reads a file whatever its mode, and the suite runs as root in CI, so "unreadable" cannot be
        // produced for real: the permission check alone is replaced here, by one that answers as a non-root
        // service user would for a mode-000 file.
        RequestOutcomes outcomes = new RequestOutcomes(new SimpleMeterRegistry(), Clock.systemUTC(),
                new org.mailresponder.report.StatsBuffer(), java.time.ZoneOffset.UTC,
                new org.mailresponder.report.RequestedAddresses(a -> false));
        MaildirFiles files = new MaildirFiles(maildir, 8_192_000,
                (reason, start) -> outcomes.record(null, org.mailresponder.inbound.Outcome.FAILED, reason, start), Clock.systemUTC(),
                p -> !p.equals(secret));
        assertThat(files.take(secret)).isFalse();
        assertThat(Files.readString(maildir.resolve("failed/secret.reason"))).contains("unreadable");
        assertThat(maildir.resolve("new/secret")).doesNotExist();

        // accepted while regular, then replaced by a link before the worker reads it: read() refuses to follow
        Path swapped = Files.write(maildir.resolve("new/swapped"), new byte[] {'x'});
        assertThat(files.take(swapped)).isTrue();
        Files.delete(swapped);
        Files.createSymbolicLink(swapped, Path.of("/dev/zero"));
        assertThatThrownBy(() -> files.read(swapped.toString())).hasMessageContaining("no longer a regular file");
        // grown past the limit after the check: read() stops at the limit instead of loading it
        Path grown = maildir.resolve("new/grown");
        try (RandomAccessFile f = new RandomAccessFile(grown.toFile(), "rw")) {
            f.setLength(10_000_000);
        }
        assertThatThrownBy(() -> files.read(grown.toString())).hasMessageContaining("exceeds the limit of 8192000");
        assertThat(files.read(Files.write(maildir.resolve("new/ok"), new byte[] {1, 2, 3}).toString()))
                .containsExactly(1, 2, 3);
    }

    private static int exec(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.exitValue();
    }
}
