package org.mailresponder.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.compose.AttachmentStore.Attachment;
import org.mailresponder.testing.S3TestServerExtension;

/** The S3 attachment cache against s3proxy: hits, misses, ETag changes, the size bound, restarts and outages. */
class S3AttachmentCacheTest {

    @RegisterExtension
    static final S3TestServerExtension S3 = new S3TestServerExtension();

    @TempDir
    Path dir;
    private String bucket;
    private MeterRegistry meters;

    @BeforeEach
    void freshBucket() {
        bucket = S3.freshBucket("installers");
        meters = new SimpleMeterRegistry();
    }

    private static byte[] bytes(int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private double count(String result) {
        return meters.get("responder.attachment.cache").tag("result", result).counter().count();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private long diskBytes() throws IOException {
        long sum = 0;
        for (Path p : files()) {
            sum += Files.size(p);
        }
        return sum;
    }

    @Test
    void missThenHitThenEtagChangeDownloadsTheNewBytesAndDropsTheOldFile() throws Exception {
        S3AttachmentCache cache = new S3AttachmentCache(S3.client(), dir, 1 << 20, meters);
        String etag1 = Etags.unquote(S3.put(bucket, "Psiphon3.exe", bytes(1000, 1)));

        Attachment first = cache.fetch(bucket, "Psiphon3.exe");
        assertThat(first.bytes()).isEqualTo(bytes(1000, 1));
        assertThat(first.version()).isEqualTo(etag1);
        assertThat(count("miss")).isEqualTo(1.0);

        Attachment second = cache.fetch(bucket, "Psiphon3.exe");
        assertThat(second.bytes()).isEqualTo(bytes(1000, 1));
        assertThat(count("hit")).isEqualTo(1.0);
        assertThat(count("miss")).isEqualTo(1.0);

        String etag2 = Etags.unquote(S3.put(bucket, "Psiphon3.exe", bytes(1200, 2)));
        Attachment third = cache.fetch(bucket, "Psiphon3.exe");
        assertThat(third.bytes()).isEqualTo(bytes(1200, 2));
        assertThat(third.version()).isEqualTo(etag2).isNotEqualTo(etag1);
        assertThat(count("miss")).isEqualTo(2.0);
        assertThat(files()).hasSize(1);
        assertThat(cache.cachedBytes()).isEqualTo(1200);
        // The cache's files are named by hashes: no bucket or key on disk.
        assertThat(files().get(0).getFileName().toString()).doesNotContain("Psiphon").doesNotContain(bucket);
    }

    @Test
    void keyedByBucketAndKey() throws Exception {
        String other = bucket + "-other";
        S3.createBucket(other);
        S3.put(bucket, "app.apk", bytes(100, 1));
        S3.put(other, "app.apk", bytes(100, 2));
        S3AttachmentCache cache = new S3AttachmentCache(S3.client(), dir, 1 << 20, meters);
        assertThat(cache.fetch(bucket, "app.apk").bytes()).isEqualTo(bytes(100, 1));
        assertThat(cache.fetch(other, "app.apk").bytes()).isEqualTo(bytes(100, 2));
        assertThat(cache.fetch(bucket, "app.apk").bytes()).isEqualTo(bytes(100, 1));
        assertThat(count("miss")).isEqualTo(2.0);
        assertThat(count("hit")).isEqualTo(1.0);
    }

    @Test
    void staysUnderItsBoundByDroppingTheLeastRecentlyUsed() throws Exception {
        for (String k : List.of("a", "b", "c")) {
            S3.put(bucket, k, bytes(100, k.charAt(0)));
        }
        S3AttachmentCache cache = new S3AttachmentCache(S3.client(), dir, 250, meters);
        cache.fetch(bucket, "a");
        cache.fetch(bucket, "b");
        cache.fetch(bucket, "a");        // a is now more recently used than b
        cache.fetch(bucket, "c");        // 300 > 250: b goes

        assertThat(cache.cachedBytes()).isEqualTo(200);
        assertThat(diskBytes()).isEqualTo(200);
        assertThat(files()).hasSize(2);
        assertThat(meters.get("responder.attachment.cache.evictions").counter().count()).isEqualTo(1.0);

        double missesBefore = count("miss");
        cache.fetch(bucket, "a");
        assertThat(count("miss")).isEqualTo(missesBefore);        // a was kept
        cache.fetch(bucket, "b");
        assertThat(count("miss")).isEqualTo(missesBefore + 1);    // b was evicted
        assertThat(diskBytes()).isLessThanOrEqualTo(250);
    }

    @Test
    void anObjectLargerThanTheWholeCacheIsRefusedWithAClearError() {
        S3.put(bucket, "huge.exe", bytes(500, 9));
        assertThatThrownBy(() -> new S3AttachmentCache(S3.client(), dir, 250, meters).fetch(bucket, "huge.exe"))
                .isInstanceOf(IOException.class).hasMessageContaining("responder.attachments.cache-max-bytes");
    }

    @Test
    void survivesARestartAndServesTheCachedCopyWhileS3IsDown() throws Exception {
        S3.put(bucket, "Psiphon3.exe", bytes(300, 7));
        new S3AttachmentCache(S3.client(), dir, 1 << 20, meters).fetch(bucket, "Psiphon3.exe");

        meters = new SimpleMeterRegistry();
        S3AttachmentCache restarted = new S3AttachmentCache(S3.client(), dir, 1 << 20, meters);
        assertThat(restarted.cachedBytes()).isEqualTo(300);
        assertThat(restarted.fetch(bucket, "Psiphon3.exe").bytes()).isEqualTo(bytes(300, 7));
        assertThat(count("hit")).isEqualTo(1.0);
        assertThat(count("miss")).isEqualTo(0.0);

        S3.stop();
        try {
            assertThat(restarted.fetch(bucket, "Psiphon3.exe").bytes()).isEqualTo(bytes(300, 7));
            assertThat(count("stale")).isEqualTo(1.0);
            assertThatThrownBy(() -> restarted.fetch(bucket, "never-fetched.apk")).isInstanceOf(IOException.class)
                    .hasMessageContaining("S3 unreachable");
        } finally {
            S3.restart();
        }
    }

    @Test
    void checkReadableIsAHeadThatRefusesMissingAndOversizedObjectsAndTrustsTheCacheOnlyInAnOutage() throws Exception {
        S3.put(bucket, "Psiphon3.exe", bytes(300, 7));
        S3.put(bucket, "huge.apk", bytes(2000, 1));
        S3AttachmentCache cache = new S3AttachmentCache(S3.client(), dir, 1000, meters);

        cache.checkReadable(bucket, "Psiphon3.exe");
        assertThat(files()).as("a check downloads nothing").isEmpty();
        assertThatThrownBy(() -> cache.checkReadable(bucket, "Gone.exe")).isInstanceOf(IOException.class)
                .hasMessage("s3://" + bucket + "/Gone.exe: no such object (404)");
        assertThatThrownBy(() -> cache.checkReadable(bucket, "huge.apk"))
                .hasMessageContaining("2000 bytes, more than the whole attachment cache (1000 bytes");

        cache.fetch(bucket, "Psiphon3.exe");
        S3.put(bucket, "never-fetched.apk", bytes(10, 2));
        S3.stop();
        try {
            cache.checkReadable(bucket, "Psiphon3.exe");   // would be sent from the cache
            assertThatThrownBy(() -> cache.checkReadable(bucket, "never-fetched.apk"))
                    .hasMessageContaining("S3 unreachable");
        } finally {
            S3.restart();
        }
    }

    @Test
    void aCorruptedCacheFileIsNeverServedButDownloadedAgain() throws Exception {
        S3.put(bucket, "Psiphon3.exe", bytes(300, 7));
        S3AttachmentCache cache = new S3AttachmentCache(S3.client(), dir, 1 << 20, meters);
        cache.fetch(bucket, "Psiphon3.exe");
        Files.write(files().get(0), bytes(300, 8));
        assertThat(cache.fetch(bucket, "Psiphon3.exe").bytes()).isEqualTo(bytes(300, 7));
        assertThat(count("miss")).isEqualTo(2.0);
        assertThat(Files.readAllBytes(files().get(0))).isEqualTo(bytes(300, 7));
    }

    @Test
    void revalidateNoticesAReplacedObjectAndMovesTheGenerationOn() throws Exception {
        S3.put(bucket, "Psiphon3.exe", bytes(300, 1));
        S3AttachmentCache cache = new S3AttachmentCache(S3.client(), dir, 1 << 20, meters);
        cache.fetch(bucket, "Psiphon3.exe");
        assertThat(cache.revalidate()).isZero();
        assertThat(cache.generation()).isZero();

        S3.put(bucket, "Psiphon3.exe", bytes(300, 2));
        assertThat(cache.revalidate()).isEqualTo(1);
        assertThat(cache.generation()).isEqualTo(1);
        assertThat(cache.fetch(bucket, "Psiphon3.exe").bytes()).isEqualTo(bytes(300, 2));
        assertThat(count("hit")).isEqualTo(2.0);   // revalidate's unchanged check, then the fetch after the change
    }
}
