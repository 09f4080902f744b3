package org.mailresponder.inbound;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the maildir consumer takes from {@code new/}, and how it reads it. Only regular files of at most
 * {@code responder.inbound.max-bytes} are taken; the type and size come from the file system ({@code lstat}, so a
 * symbolic link is never followed) before a byte is read. Anything else — too large, a symbolic link (to
 * {@code /dev/zero}, say), a FIFO, a device, a socket, a directory, an unreadable file — is moved to
 * {@code failed/} at once with a {@code .reason} file, counted and logged as {@code failed}, and never opened:
 * skipped silently it would sit in {@code new/} for ever, and read it could block a worker (FIFO) or exhaust the
 * heap (a 1 GB file) on every restart.
 *
 * <p>As the consumer's filter ({@code camel.MaildirFilter}) it runs on the polling thread for every listed entry, so its check is one
 * {@code lstat} (plus {@code access} for readability); {@link #read} runs on the worker and reads the file it was
 * given again without following links and never beyond the limit, so a file replaced or grown after the listing
 * cannot get past the check either (the exchange fails, the file stays, and the next scan refuses it).
 */
public class MaildirFiles {

    /** Where a refused entry is counted and logged (the request outcomes' {@code failed}). */
    @FunctionalInterface
    public interface Refusals {
        void refused(String reason, long startNanos);
    }

    private static final Logger LOG = LoggerFactory.getLogger(MaildirFiles.class);

    /**
     * An empty file this young may be one still being written in place (a {@code cp} into new/ instead of the
     * maildir's rename from tmp/): the scan its creation woke leaves it for a later one. An empty file that stays
     * empty is refused like any other malformed request once it is older.
     */
    static final Duration STILL_WRITTEN = Duration.ofSeconds(2);

    private final Path failed;
    private final long maxBytes;
    private final Refusals refusals;
    private final Clock clock;
    private final Predicate<Path> readable;

    public MaildirFiles(Path maildir, long maxBytes, Refusals refusals, Clock clock) {
        this(maildir, maxBytes, refusals, clock, Files::isReadable);
    }

    /** @param readable whether the process may read a regular file (a test seam: root reads everything) */
    public MaildirFiles(Path maildir, long maxBytes, Refusals refusals, Clock clock, Predicate<Path> readable) {
        this.failed = maildir.resolve("failed");
        this.maxBytes = maxBytes;
        this.refusals = refusals;
        this.clock = clock;
        this.readable = readable;
    }

    /** True when the entry may be processed; otherwise it has been moved to failed/ (or was already gone). */
    public boolean take(Path entry) {
        long start = System.nanoTime();
        String refusal;
        try {
            BasicFileAttributes a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isRegularFile() && a.size() == 0
                    && a.lastModifiedTime().toInstant().isAfter(clock.instant().minus(STILL_WRITTEN))) {
                return false;
            }
            refusal = refusal(entry, a);
        } catch (NoSuchFileException e) {
            return false; // a worker finished and moved it after the listing
        } catch (IOException e) {
            refusal = "cannot read its attributes: " + e;
        }
        if (refusal == null) {
            return true;
        }
        quarantine(entry, refusal, start);
        return false;
    }

    /** Why the entry is refused, or null when it is a readable regular file within the limit. */
    private String refusal(Path entry, BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return "a symbolic link, never followed";
        }
        if (a.isDirectory()) {
            return "a directory, not a message";
        }
        if (!a.isRegularFile()) {
            return "a special file (FIFO, device or socket), not a message";
        }
        if (a.size() > maxBytes) {
            return tooLarge(a.size());
        }
        if (!readable.test(entry)) {
            return "unreadable: no read permission for the service user";
        }
        return null;
    }

    private String tooLarge(long size) {
        return "message of " + size + " bytes exceeds the limit of " + maxBytes + " (responder.inbound.max-bytes)";
    }

    private void quarantine(Path entry, String refusal, long start) {
        String name = entry.getFileName().toString();
        String reason = "refused before reading: " + refusal;
        try {
            Files.createDirectories(failed);
            Files.writeString(failed.resolve(name + ".reason"), clock.instant() + " " + reason + "\n",
                    StandardCharsets.UTF_8);
            // rename(2): moves the entry itself, whatever it is or points to
            Files.move(entry, failed.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.error("cannot move refused maildir entry {} to {} ({}); it stays in new/ and is tried again", name,
                    failed, e.toString());
            return;
        }
        refusals.refused(reason, start);
    }

    /**
     * The message, read without following a symbolic link and never beyond the limit.
     *
     * @throws IOException when it is no longer a regular file within the limit (the exchange fails, the file stays
     *                     in new/ and the next scan refuses it) or cannot be read
     */
    public byte[] read(String absolutePath) throws IOException {
        Path path = Path.of(absolutePath);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("maildir entry is no longer a regular file");
        }
        try (SeekableByteChannel ch = Files.newByteChannel(path,
                java.util.Set.<java.nio.file.OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            long size = ch.size();
            if (size > maxBytes) {
                throw new IOException(tooLarge(size));
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size + 1);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read to the end, or one byte past the size seen: the file grew
            }
            if (buf.position() > size) {
                throw new IOException("maildir entry grew while it was read");
            }
            byte[] bytes = new byte[buf.position()];
            buf.flip().get(bytes);
            return bytes;
        }
    }
}
