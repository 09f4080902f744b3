package org.mailresponder.camel;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The maildir consumer's duplicate check, keyed by absolute path: a file counts as "seen" exactly when it is no
 * longer there. A scan lists new/ once and then walks the list while workers finish and move requests; without
 * this a file moved to cur/ after the listing was picked again and failed as unreadable. It remembers nothing, so
 * a request an operator moves back from failed/ to new/ is picked up again, and so is one rolled back for a retry.
 */
public class VanishedFiles extends ServiceSupport implements IdempotentRepository {

    private static boolean present(String key) {
        return Files.exists(Path.of(key));
    }

    @Override
    public boolean add(String key) {
        return present(key);
    }

    @Override
    public boolean contains(String key) {
        return !present(key);
    }

    @Override
    public boolean remove(String key) {
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        // nothing is remembered
    }
}
