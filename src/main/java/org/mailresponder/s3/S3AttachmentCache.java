package org.mailresponder.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailresponder.compose.AttachmentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Attachments from S3 through a bounded on-disk cache. Each object is kept as one file named by a hash of bucket
 * and key plus its ETag, so the cache survives restarts and no bucket or key name reaches the file system. Every
 * fetch is a conditional GET: an unchanged object costs one request and is read from disk. When S3 cannot be
 * reached, a cached copy is used rather than failing the answer. The least recently used files are removed to
 * stay under the size bound.
 *
 * <p>The composer compiles each attachment into a body once per config version; {@link #generation()} moves on
 * when {@link #revalidate()} finds that an attachment changed in S3, so the composer compiles again.
 */
public class S3AttachmentCache implements AttachmentStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3AttachmentCache.class);
    private static final String PARTIAL = ".partial";

    /** One cached object. {@code bucket}/{@code key} are null for files found on disk at start until first use. */
    private record Cached(String id, String bucket, String key, String etag, long size, Path file) {
    }

    private final S3Client s3;
    private final Path dir;
    private final long maxBytes;
    private final Object indexLock = new Object();
    /** Access-ordered: the first entry is the least recently used. Guarded by indexLock. */
    private final LinkedHashMap<String, Cached> index = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;
    private final Map<String, Object> fetchLocks = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final Counter hits;
    private final Counter misses;
    private final Counter stale;
    private final Counter evictions;

    public S3AttachmentCache(S3Client s3, Path dir, long maxBytes, MeterRegistry meters) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("responder.attachments.cache-max-bytes must be positive");
        }
        this.s3 = s3;
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        Files.createDirectories(this.dir);
        hits = result(meters, "hit", "served from disk, ETag unchanged");
        misses = result(meters, "miss", "downloaded from S3 (new or changed)");
        stale = result(meters, "stale", "served from disk because S3 could not be reached");
        evictions = Counter.builder("responder.attachment.cache.evictions")
                .description("Cached attachments removed to stay under the size bound").register(meters);
        Gauge.builder("responder.attachment.cache.bytes", this, S3AttachmentCache::cachedBytes)
                .description("Bytes in the attachment cache").register(meters);
        loadIndex();
    }

    private static Counter result(MeterRegistry meters, String result, String description) {
        return Counter.builder("responder.attachment.cache").tag("result", result)
                .description("Attachment fetches by result: " + description).register(meters);
    }

    @Override
    public Attachment fetch(String bucket, String key) throws IOException {
        String id = id(bucket, key);
        synchronized (fetchLocks.computeIfAbsent(id, k -> new Object())) {
            Cached cached = lookup(id);
            try {
                return fetchConditionally(id, bucket, key, cached);
            } catch (NoSuchFileException e) {
                // Evicted between the lookup and the read, or found corrupt: fetch it whole.
                forget(id);
                return fetchConditionally(id, bucket, key, null);
            }
        }
    }

    /**
     * A HEAD of the object: it exists, this identity may read it, and it fits the cache. When S3 cannot be asked
     * (network, 5xx) an object already in the cache passes, as it would be sent from there.
     */
    @Override
    public void checkReadable(String bucket, String key) throws IOException {
        try {
            S3ObjectCheck.head(s3, bucket, key, maxBytes);
        } catch (S3ObjectCheck.Unreadable e) {
            if (!e.isTransient() || lookup(id(bucket, key)) == null) {
                throw e;
            }
            LOG.warn("{}; the cached copy will be sent", e.getMessage());
        }
    }

    private Attachment fetchConditionally(String id, String bucket, String key, Cached cached) throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (cached != null) {
            request.ifNoneMatch(Etags.quote(cached.etag()));
        }
        String what = "s3://" + bucket + "/" + key;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request.build())) {
            Attachment fresh = store(id, bucket, key, in.response(), in, what);
            misses.increment();
            return fresh;
        } catch (S3Exception e) {
            if (cached != null && Etags.notModified(e)) {
                Attachment same = read(cached, bucket, key, what);
                hits.increment();
                return same;
            }
            if (cached != null && e.statusCode() >= 500) {
                return serveStale(cached, bucket, key, what, "S3 " + e.statusCode());
            }
            throw new IOException("S3 " + e.statusCode() + " " + S3ConfigSource.errorCode(e) + " for " + what, e);
        } catch (SdkException e) {
            if (cached != null) {
                return serveStale(cached, bucket, key, what, e.getMessage());
            }
            throw new IOException("S3 unreachable for " + what + ": " + e.getMessage(), e);
        }
    }

    private Attachment serveStale(Cached cached, String bucket, String key, String what, String why) throws IOException {
        LOG.warn("Using cached {} (ETag {}) because S3 could not be checked: {}", what, cached.etag(), why);
        Attachment kept = read(cached, bucket, key, what);
        stale.increment();
        return kept;
    }

    private Attachment read(Cached cached, String bucket, String key, String what) throws IOException {
        byte[] bytes = Files.readAllBytes(cached.file());
        try {
            Etags.verify(cached.etag(), bytes, what + " in the cache");
        } catch (IOException corrupt) {
            // Never send damaged bytes; drop the file so that the caller downloads it again.
            LOG.warn("{}; downloading it again", corrupt.getMessage());
            Files.deleteIfExists(cached.file());
            throw new NoSuchFileException(cached.file().toString());
        }
        if (cached.bucket() == null) {
            synchronized (indexLock) {
                index.put(cached.id(), new Cached(cached.id(), bucket, key, cached.etag(), cached.size(), cached.file()));
            }
        }
        return new Attachment(bytes, cached.etag());
    }

    private Attachment store(String id, String bucket, String key, GetObjectResponse response, InputStream in,
                             String what) throws IOException {
        String etag = Etags.unquote(response.eTag());
        if (etag == null || etag.isEmpty()) {
            throw new IOException(what + " has no ETag; it cannot be cached and validated");
        }
        Long length = response.contentLength();
        if (length != null && length > maxBytes) {
            throw new IOException(what + " is " + length + " bytes, more than the whole attachment cache ("
                    + maxBytes + " bytes, responder.attachments.cache-max-bytes)");
        }
        Path partial = Files.createTempFile(dir, id, PARTIAL);
        try {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            byte[] bytes = Files.readAllBytes(partial);
            Etags.verify(etag, bytes, what);
            Path file = dir.resolve(fileName(id, etag));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            admit(new Cached(id, bucket, key, etag, bytes.length, file));
            return new Attachment(bytes, etag);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Adds (or replaces) an entry and removes the least recently used others until the bound holds. */
    private void admit(Cached entry) throws IOException {
        List<Path> doomed = new ArrayList<>();
        synchronized (indexLock) {
            Cached previous = index.remove(entry.id());
            if (previous != null) {
                totalBytes -= previous.size();
                if (!previous.file().equals(entry.file())) {
                    doomed.add(previous.file());
                }
            }
            Iterator<Cached> lru = index.values().iterator();
            while (totalBytes + entry.size() > maxBytes && lru.hasNext()) {
                Cached victim = lru.next();
                lru.remove();
                totalBytes -= victim.size();
                doomed.add(victim.file());
                evictions.increment();
            }
            index.put(entry.id(), entry);
            totalBytes += entry.size();
        }
        for (Path p : doomed) {
            Files.deleteIfExists(p);
        }
    }

    private Cached lookup(String id) {
        synchronized (indexLock) {
            return index.get(id);
        }
    }

    private void forget(String id) {
        synchronized (indexLock) {
            Cached gone = index.remove(id);
            if (gone != null) {
                totalBytes -= gone.size();
            }
        }
    }

    /**
     * Checks every attachment used since start against S3 (conditional GETs). When one changed, the new bytes are
     * cached and {@link #generation()} moves on.
     *
     * @return how many attachments changed
     */
    @Override
    public int revalidate() {
        List<Cached> known;
        synchronized (indexLock) {
            known = index.values().stream().filter(c -> c.bucket() != null).toList();
        }
        int changed = 0;
        for (Cached c : known) {
            try {
                Attachment now = fetch(c.bucket(), c.key());
                if (!now.version().equals(c.etag())) {
                    LOG.info("Attachment s3://{}/{} changed (ETag {} -> {}); answers are composed again",
                            c.bucket(), c.key(), c.etag(), now.version());
                    changed++;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not re-check attachment s3://{}/{}: {}", c.bucket(), c.key(), e.getMessage());
            }
        }
        if (changed > 0) {
            generation.incrementAndGet();
        }
        return changed;
    }

    @Override
    public long generation() {
        return generation.get();
    }

    public long cachedBytes() {
        synchronized (indexLock) {
            return totalBytes;
        }
    }

    public int cachedObjects() {
        synchronized (indexLock) {
            return index.size();
        }
    }

    /** Rebuilds the index from the files a previous run left, dropping partial downloads and excess. */
    private void loadIndex() throws IOException {
        List<Cached> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                int dot = name.indexOf('.');
                if (name.endsWith(PARTIAL) || dot <= 0) {
                    Files.deleteIfExists(f);
                    continue;
                }
                try {
                    String etag = new String(HexFormat.of().parseHex(name.substring(dot + 1)), StandardCharsets.UTF_8);
                    found.add(new Cached(name.substring(0, dot), null, null, etag, Files.size(f), f));
                } catch (IllegalArgumentException e) {
                    Files.deleteIfExists(f);
                }
            }
        }
        // Oldest first, so the most recently written files are the most recently used.
        found.sort((a, b) -> {
            try {
                return Files.getLastModifiedTime(a.file()).compareTo(Files.getLastModifiedTime(b.file()));
            } catch (IOException e) {
                return 0;
            }
        });
        for (Cached c : found) {
            admit(c);
        }
    }

    private static String fileName(String id, String etag) {
        return id + "." + HexFormat.of().formatHex(etag.getBytes(StandardCharsets.UTF_8));
    }

    /** Names the cache file; a hash, so that bucket and key names never appear on disk. */
    static String id(String bucket, String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((bucket + "\u0000" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
