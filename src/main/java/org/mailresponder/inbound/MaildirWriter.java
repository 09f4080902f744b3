package org.mailresponder.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a message into a maildir the way an MDA does: into {@code tmp/} first, flushed to disk, then renamed into
 * {@code new/}, so the responder never sees a partial file.
 */
public class MaildirWriter {

    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path maildir;

    public MaildirWriter(Path maildir) {
        this.maildir = maildir;
    }

    /** Creates {@code new/ cur/ tmp/ failed/} when missing. */
    public void ensureFolders() throws IOException {
        for (String sub : new String[] {"new", "cur", "tmp", "failed"}) {
            Files.createDirectories(maildir.resolve(sub));
        }
    }

    /** A message larger than the limit the service would accept; nothing was stored. */
    public static class MessageTooLargeException extends IOException {
        public MessageTooLargeException(long maxBytes) {
            super("message exceeds the limit of " + maxBytes + " bytes (responder.inbound.max-bytes)");
        }
    }

    /** Without a size limit, for callers that bound the message themselves. */
    public Path deliver(InputStream message) throws IOException {
        return deliver(message, Long.MAX_VALUE);
    }

    /**
     * Streams the message into {@code tmp/} (never whole in memory), flushes it to disk and renames it into
     * {@code new/}. On any failure — the limit exceeded, the disk full, the input broken off with an error — the
     * file in {@code tmp/} is removed, so a retry leaves no debris.
     *
     * @param maxBytes the largest message accepted ({@code responder.inbound.max-bytes}: the service would refuse a
     *                 larger one unread)
     * @return the file in {@code new/}
     * @throws MessageTooLargeException when the message exceeds {@code maxBytes}
     */
    public Path deliver(InputStream message, long maxBytes) throws IOException {
        ensureFolders();
        String name = uniqueName();
        Path tmp = maildir.resolve("tmp").resolve(name);
        boolean stored = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = message.read(buf)) >= 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new MessageTooLargeException(maxBytes);
                    }
                    out.write(buf, 0, n);
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Path target = maildir.resolve("new").resolve(name);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            stored = true;
            return target;
        } finally {
            if (!stored) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    static String uniqueName() {
        long now = System.currentTimeMillis();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replace("/", "\\057").replace(":", "\\072");
        } catch (IOException e) {
            host = "localhost";
        }
        return (now / 1000) + ".M" + (now % 1000) * 1000 + "P" + ProcessHandle.current().pid() + "Q"
                + COUNTER.incrementAndGet() + "." + host;
    }
}
