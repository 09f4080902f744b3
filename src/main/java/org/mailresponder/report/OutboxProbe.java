package org.mailresponder.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The outbox can take an answer: it is a directory the service can create a file in (tried for real: root passes
 * every permission check, a read-only mount or a full disk it does not), with at least {@code minFreeBytes} free.
 */
public class OutboxProbe implements ReadinessProbe {

    private final Path outbox;
    private final long minFreeBytes;

    public OutboxProbe(Path outbox, long minFreeBytes) {
        this.outbox = outbox;
        this.minFreeBytes = minFreeBytes;
    }

    @Override
    public String problem() {
        try {
            Files.createDirectories(outbox);
            long free = Files.getFileStore(outbox).getUsableSpace();
            if (free < minFreeBytes) {
                return "outbox " + outbox + " has " + free + " bytes free, less than "
                        + "responder.health.outbox-min-free-bytes (" + minFreeBytes + ")";
            }
            // a dot file: nothing that reads the outbox's *.eml answers ever sees it
            Path probe = outbox.resolve(".ready-" + UUID.randomUUID());
            try {
                Files.write(probe, new byte[] {'\n'}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } finally {
                Files.deleteIfExists(probe);
            }
            return null;
        } catch (IOException e) {
            return "outbox " + outbox + " is not writable: " + e;
        }
    }
}
