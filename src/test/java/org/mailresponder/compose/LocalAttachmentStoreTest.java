package org.mailresponder.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.compose.AttachmentStore.Attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local bucket folder beyond what every store promises ({@link AttachmentStoreContract}): paths stay inside the
 * folder, and unreadable or odd files are named in the error.
 */
class LocalAttachmentStoreTest {

    @TempDir
    Path root;

    private LocalAttachmentStore store() {
        return new LocalAttachmentStore(root.resolve("buckets"));
    }

    private Path put(String bucket, String key, byte[] bytes) throws IOException {
        Path f = root.resolve("buckets").resolve(bucket).resolve(key);
        Files.createDirectories(f.getParent());
        return Files.write(f, bytes);
    }

    @Test
    void keysMayNameSubfoldersAndTheRootMayBeRelative() throws Exception {
        put("installers", "v2/app.apk", new byte[] {1, 2, 3});
        Path relative = Path.of("").toAbsolutePath().relativize(root.resolve("buckets"));
        Attachment a = new LocalAttachmentStore(relative).fetch("installers", "v2/app.apk");
        assertThat(a.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void aKeyOrBucketThatClimbsOutOfTheFolderIsRefusedEvenWhenTheFileExists() throws Exception {
        Files.writeString(root.resolve("secret.txt"), "not an attachment");
        put("installers", "app.apk", new byte[] {1});
        LocalAttachmentStore s = store();

        for (String[] escape : new String[][] {{"installers", "../../secret.txt"}, {"..", "secret.txt"},
                {"installers", "/etc/passwd"}}) {
            assertThatThrownBy(() -> s.fetch(escape[0], escape[1])).as(String.join("/", escape))
                    .isInstanceOf(IOException.class).hasMessageContaining("is outside");
            assertThatThrownBy(() -> s.checkReadable(escape[0], escape[1])).as(String.join("/", escape))
                    .isInstanceOf(IOException.class).hasMessageContaining("is outside");
        }
        assertThat(s.fetch("installers", "sub/../app.apk").bytes()).as("a dot-dot that stays inside is fine")
                .containsExactly(1);
    }

    @Test
    void aFolderWhereTheFileShouldBeIsNotReadable() throws Exception {
        Files.createDirectories(root.resolve("buckets/installers/app.apk"));
        assertThatThrownBy(() -> store().checkReadable("installers", "app.apk"))
                .isInstanceOf(IOException.class).hasMessageContaining("is not a regular file");
    }

    @Test
    void anEmptyFileIsAnEmptyAttachmentAndALargeOneIsReadWhole() throws Exception {
        put("installers", "empty.txt", new byte[0]);
        byte[] big = new byte[5 * 1024 * 1024 + 7];
        big[big.length - 1] = 42;
        put("installers", "big.bin", big);
        LocalAttachmentStore s = store();

        assertThatCode(() -> s.checkReadable("installers", "empty.txt")).doesNotThrowAnyException();
        assertThat(s.fetch("installers", "empty.txt").bytes()).isEmpty();
        assertThat(s.fetch("installers", "big.bin").bytes()).hasSize(big.length).endsWith(42);
    }

    @Test
    void theVersionIsTheContentsDigestNotTheFileTime() throws Exception {
        Path f = put("installers", "app.apk", new byte[] {1, 2});
        String before = store().fetch("installers", "app.apk").version();
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(store().fetch("installers", "app.apk").version()).isEqualTo(before);
        put("installers", "other.apk", new byte[] {1, 2});
        assertThat(store().fetch("installers", "other.apk").version()).as("same bytes, same version")
                .isEqualTo(before);
    }
}
