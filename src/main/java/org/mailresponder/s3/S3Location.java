package org.mailresponder.s3;

/** An object named as {@code s3://bucket/key}. */
public record S3Location(String bucket, String key) {

    public static boolean isS3(String location) {
        return location != null && location.startsWith("s3://");
    }

    public static S3Location parse(String location) {
        if (!isS3(location)) {
            throw new IllegalArgumentException("not an s3://bucket/key location: " + location);
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("an S3 location needs a bucket and a key (s3://bucket/key): " + location);
        }
        return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
