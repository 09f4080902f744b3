package org.mailresponder.compose;

/** An image shown inside an HTML part, which refers to it as {@code cid:<contentId>}. */
public record InlineImage(String contentId, String mimeType, String fileName, byte[] bytes) {
}
