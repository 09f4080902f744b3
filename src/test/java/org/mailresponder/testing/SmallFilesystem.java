package org.mailresponder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real, tiny filesystem (tmpfs of a given size) for disk-full and read-only faults: writes beyond its size fail
 * with ENOSPC, and {@link #readOnly()} remounts it read-only, which even root cannot write to. Mounting needs root
 * (CAP_SYS_ADMIN): where that is missing the test is skipped with a message, except under {@code CI=true}, where it
 * fails.
 */
public final class SmallFilesystem implements AutoCloseable {

    private final Path dir;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
    }

    public static SmallFilesystem mount(long bytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("mail-responder-small-fs-");
        int rc = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString()));
        if (rc != 0) {
            Files.deleteIfExists(dir);
            String why = "cannot mount a tmpfs (needs root/CAP_SYS_ADMIN): the disk-full test cannot run here";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        return new SmallFilesystem(dir);
    }

    public Path dir() {
        return dir;
    }

    public void readOnly() throws IOException, InterruptedException {
        if (run(List.of("mount", "-o", "remount,ro", dir.toString())) != 0) {
            throw new IOException("cannot remount " + dir + " read-only");
        }
    }

    public void readWrite() throws IOException, InterruptedException {
        if (run(List.of("mount", "-o", "remount,rw", dir.toString())) != 0) {
            throw new IOException("cannot remount " + dir + " read-write");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", "-l", dir.toString()));
        Files.deleteIfExists(dir);
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
