package org.mailresponder.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files and folders the benchmark is done with, set aside until the run ends instead of deleted between its
 * phases. On ext4 without a journal (the root file system of the machines this was measured on) the kernel does not
 * reuse an inode freed in the last 60 seconds, 360 while its inode table block is dirty: each new file it allocates
 * steps over every such inode and reads it, so deleting a round's 10,000 files made every answer the service wrote in
 * the next minutes cost several times the kernel time (openat 10 % of the service's CPU samples in one round, 2.6 % in
 * the next). That is the driver's cost, not the service's. Set aside, a file keeps its inode: it is renamed into a
 * folder beside it (the same file system), and truncated when large (and its only name) so that the 2 MB answers do
 * not fill the disk.
 */
final class DeferredDeletes {

    /** Files above this size are emptied as they are set aside: their blocks are freed, their inodes are kept. */
    private static final long TRUNCATE_ABOVE = 64 * 1024;
    private static final String FOLDER = ".deferred-deletes";

    private final Set<Path> folders = new LinkedHashSet<>();
    private long sequence;

    /** Moves a file or folder into the deferred-deletes folder beside it. */
    void setAside(Path path) throws IOException {
        moveInto(path, path.toAbsolutePath().getParent());
    }

    /**
     * Sets aside every entry of a folder, keeping the folder: into the deferred-deletes folder beside it, not inside
     * it, where the service or the outbox watch would see a new entry.
     */
    void setAsideContents(Path dir) throws IOException {
        List<Path> entries;
        try (var list = Files.list(dir)) {
            entries = list.toList();
        }
        for (Path p : entries) {
            moveInto(p, dir.toAbsolutePath().getParent());
        }
    }

    private synchronized void moveInto(Path path, Path besideOf) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Path folder = Files.createDirectories(besideOf.resolve(FOLDER));
        folders.add(folder);
        Path target = Files.move(path, folder.resolve(++sequence + "-" + path.getFileName()));
        if (!Files.isDirectory(target)) {
            emptyIfLarge(target);
            return;
        }
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(target)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            emptyIfLarge(f);
        }
    }

    /**
     * A file with other names is left whole: truncating empties the inode, and so every name of it. Each round's
     * folder holds the run's 2 MB installer as a hard link; before this check, setting aside the first round's folder
     * emptied the installer of every later round, whose "2 MB" answers then carried an empty attachment.
     */
    private static void emptyIfLarge(Path file) throws IOException {
        if (Files.size(file) > TRUNCATE_ABOVE && (int) Files.getAttribute(file, "unix:nlink") == 1) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
        }
    }

    /** Deletes everything set aside: at the end of the run, when nothing is measured any more. */
    synchronized void deleteAll() throws IOException {
        for (Path folder : folders) {
            // a folder set aside inside a round's folder went with it, and is gone already
            deleteTree(folder);
        }
        folders.clear();
    }

    /** Deletes a folder and all it holds; nothing when it is not there. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
