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

    /** @return the file in {@code new/} */
    public Path deliver(InputStream message) throws IOException {
        ensureFolders();
        String name = uniqueName();
        Path tmp = maildir.resolve("tmp").resolve(name);
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            message.transferTo(out);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = maildir.resolve("new").resolve(name);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
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
