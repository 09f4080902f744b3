package org.mailresponder.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.mailresponder.compose.AttachmentStore;
import org.mailresponder.compose.LocalAttachmentStore;
import org.mailresponder.config.ConfigSource;
import org.mailresponder.config.FileConfigSource;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.config.ResponderConfigParser;
import org.mailresponder.s3.S3AttachmentCache;
import org.mailresponder.s3.S3ConfigSource;
import org.mailresponder.s3.S3Location;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The responder config and the attachments it names. The store comes first: a config naming an attachment that
 * cannot be read is refused when it is loaded.
 */
public class ConfigBeans {

    @BindToRegistry("attachmentStore")
    public AttachmentStore attachmentStore(Registry registry, MeterRegistry meters,
                                           @PropertyInject("responder.attachments.source") String source,
                                           @PropertyInject("responder.buckets-dir") String bucketsDir,
                                           @PropertyInject("responder.data-dir") String dataDir,
                                           @PropertyInject("responder.attachments.cache-dir") String cacheDir,
                                           @PropertyInject("responder.attachments.cache-max-bytes") long cacheMaxBytes) {
        switch (source.strip().toLowerCase(Locale.ROOT)) {
            case "local":
                return new LocalAttachmentStore(Path.of(bucketsDir));
            case "s3":
                Path dir = cacheDir.isBlank() ? Path.of(dataDir, "attachment-cache") : Path.of(cacheDir);
                try {
                    return new S3AttachmentCache(s3(registry).get(), dir, cacheMaxBytes, meters);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot use attachment cache " + dir + ": " + e.getMessage(), e);
                }
            default:
                throw new IllegalArgumentException("responder.attachments.source must be local or s3, not " + source);
        }
    }

    /** Not loaded yet: {@code configMetrics} records the first load. */
    @BindToRegistry("configHolder")
    public ResponderConfigHolder configHolder(Registry registry, AttachmentStore attachmentStore,
                                              @PropertyInject("responder.config") String location,
                                              @PropertyInject("responder.config.legacy-attachment-key") String legacyKey,
                                              @PropertyInject("responder.config.legacy-attachment-filename") String legacyName) {
        return new ResponderConfigHolder(configSource(location, s3(registry)), new ResponderConfigParser(legacyKey,
                legacyName), ref -> attachmentStore.checkReadable(ref.bucket(), ref.key()));
    }

    /** A file path, or {@code s3://bucket/key}. */
    public static ConfigSource configSource(String location, Supplier<S3Client> s3) {
        return S3Location.isS3(location) ? new S3ConfigSource(s3.get(), S3Location.parse(location))
                : new FileConfigSource(Path.of(location));
    }

    private static Supplier<S3Client> s3(Registry registry) {
        return () -> registry.lookupByNameAndType("s3Client", S3Client.class);
    }
}
