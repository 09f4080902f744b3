package org.mailresponder.camel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, before each scan of new/, the files it may take: the max-per-poll oldest (modification time, then path,
 * as {@link ArrivalOrder} sorts them) that no worker has yet. {@link MaildirFilter} (the consumer's poll strategy and
 * filter) asks for the choice as a scan begins and refuses the others, so Camel builds an exchange only for the
 * chosen few. Sorting the whole listing in Camel instead (its sorter with a non-eager limit) builds an exchange per
 * waiting file per scan: draining a 100,000-file backlog 500 at a time cost 2.0 ms of CPU per request that way,
 * 0.8 ms this way, 0.15 ms taking files in directory order (measured on tmpfs, 2 cores).
 * The limit and the folder are the consumer's own, so a live change of responder.max-per-poll applies here too.
 */
public final class OldestFirst {

    private static final Logger LOG = LoggerFactory.getLogger(OldestFirst.class);

    private record Waiting(long modified, Path path) {
    }

    private static final Comparator<Waiting> ORDER = Comparator.comparingLong(Waiting::modified)
            .thenComparing(Waiting::path);

    /** Null: no choice made (no limit, or the folder could not be listed), every file may be taken. */
    private volatile Set<Path> chosen;

    /** As a scan of the consumer's folder begins: chooses from the folder by the consumer's own limit. */
    public void scanBegins(Consumer consumer, Endpoint endpoint) {
        int limit = consumer instanceof ScheduledBatchPollingConsumer batch ? batch.getMaxMessagesPerPoll() : 0;
        chosen = endpoint instanceof FileEndpoint file && limit > 0
                ? choose(file.getFile().toPath(), limit, file.getInProgressRepository()) : null;
    }

    /** Whether this scan may take the entry (any entry of new/, as the consumer names it). */
    public boolean mayTake(Path entry) {
        Set<Path> now = chosen;
        return now == null || now.contains(entry.toAbsolutePath().normalize());
    }

    /** @param inProgress the consumer's in-progress repository: files handed to a worker and not yet moved */
    static Set<Path> choose(Path dir, int limit, IdempotentRepository inProgress) {
        PriorityQueue<Waiting> oldest = new PriorityQueue<>(limit + 1, ORDER.reversed());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(".") || inProgress.contains(entry.toAbsolutePath().toString())) {
                    continue;
                }
                long modified;
                try {
                    modified = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                            .lastModifiedTime().toMillis();
                } catch (IOException gone) {
                    continue;
                }
                oldest.add(new Waiting(modified, entry.toAbsolutePath().normalize()));
                if (oldest.size() > limit) {
                    oldest.poll();
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {} to choose the oldest requests ({}); this scan takes them in listing order",
                    dir, e.getMessage());
            return null;
        }
        Set<Path> paths = new HashSet<>();
        oldest.forEach(w -> paths.add(w.path()));
        return paths;
    }
}
