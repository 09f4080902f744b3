package org.mailresponder.s3;

import java.io.IOException;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A HEAD of an attachment object: it exists, this identity may read it (HEAD needs s3:GetObject), it fits. */
public final class S3ObjectCheck {

    /** Why an object cannot be sent; {@link #isTransient()} when S3 could not be asked (network, 5xx). */
    public static final class Unreadable extends IOException {
        private final boolean transientFailure;

        Unreadable(String message, boolean transientFailure, Throwable cause) {
            super(message, cause);
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }

    private S3ObjectCheck() {
    }

    /**
     * @param maxBytes the largest object that can be sent (the attachment cache's bound)
     * @throws Unreadable naming the object and what is wrong
     */
    public static void head(S3Client s3, String bucket, String key, long maxBytes) throws Unreadable {
        String what = "s3://" + bucket + "/" + key;
        HeadObjectResponse head;
        try {
            head = s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
        } catch (S3Exception e) {
            String why = switch (e.statusCode()) {
                case 404 -> "no such object (404)";
                case 403 -> "access denied (403: the object is missing, or this identity lacks s3:GetObject on it)";
                default -> "S3 " + e.statusCode() + " " + S3ConfigSource.errorCode(e);
            };
            throw new Unreadable(what + ": " + why, e.statusCode() >= 500, e);
        } catch (SdkException e) {
            throw new Unreadable(what + ": S3 unreachable: " + e.getMessage(), true, e);
        }
        Long length = head.contentLength();
        if (length != null && length > maxBytes) {
            throw new Unreadable(what + " is " + length + " bytes, more than the whole attachment cache (" + maxBytes
                    + " bytes, responder.attachments.cache-max-bytes)", false, null);
        }
    }
}
