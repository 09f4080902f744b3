package org.mailresponder.compose;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** {@link AttachmentStoreContract} for the local bucket folder. */
class LocalAttachmentStoreContractTest extends AttachmentStoreContract {

    @TempDir
    Path root;

    @Override
    protected AttachmentStore store() {
        return new LocalAttachmentStore(root);
    }

    @Override
    protected String bucket() {
        return "installers";
    }

    @Override
    protected void put(String key, byte[] bytes) throws Exception {
        Files.createDirectories(root.resolve(bucket()));
        Files.write(root.resolve(bucket()).resolve(key), bytes);
    }

    @Override
    protected void remove(String key) throws Exception {
        Files.delete(root.resolve(bucket()).resolve(key));
    }
}
