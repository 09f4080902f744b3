package org.mailresponder.config;

/** {@code [bucket, key, display-filename]} as written in the responder config. */
public record AttachmentRef(String bucket, String key, String filename) {
}
