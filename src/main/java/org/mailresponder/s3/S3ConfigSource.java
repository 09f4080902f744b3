package org.mailresponder.s3;

import java.io.IOException;

import org.mailresponder.config.ConfigSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The responder config as one S3 object. Each check is a conditional GET ({@code If-None-Match} with the ETag in
 * force), so an unchanged config costs one small request and every replica follows the same object. The ETag is
 * the config version.
 */
public class S3ConfigSource implements ConfigSource {

    private final S3Client s3;
    private final S3Location location;
    private String lastEtag;

    public S3ConfigSource(S3Client s3, S3Location location) {
        this.s3 = s3;
        this.location = location;
    }

    @Override
    public synchronized Fetched fetchIfChanged(String knownVersion) throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(location.bucket()).key(location.key());
        // Only a version this source produced can be sent as a condition; after a start it is fetched in full.
        if (knownVersion != null && knownVersion.equals(lastEtag)) {
            request.ifNoneMatch(Etags.quote(knownVersion));
        }
        try {
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(request.build());
            String version = Etags.unquote(got.response().eTag());
            byte[] bytes = got.asByteArray();
            Etags.verify(version, bytes, location.toString());
            lastEtag = version;
            return version != null && version.equals(knownVersion) ? null : new Fetched(bytes, version);
        } catch (S3Exception e) {
            if (Etags.notModified(e)) {
                return null;
            }
            throw new IOException("S3 " + e.statusCode() + " " + errorCode(e) + " for " + location, e);
        } catch (SdkException e) {
            throw new IOException("S3 unreachable for " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return location.toString();
    }

    static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }
}
