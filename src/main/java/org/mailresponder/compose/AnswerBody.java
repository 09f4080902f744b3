package org.mailresponder.compose;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The MIME body of an answer (everything after the top-level headers), composed once per config entry and
 * provider variant and shared by every answer for it. Because the bytes never change, anything derived from them
 * (such as a DKIM body hash) is computed once and kept here.
 *
 * @param contentType the top-level Content-Type header value, including the fixed boundary
 */
public record AnswerBody(String contentType, byte[] bytes, Map<String, byte[]> derived) {

    public AnswerBody(String contentType, byte[] bytes) {
        this(contentType, bytes, new ConcurrentHashMap<>());
    }

    /** A value computed from the bytes once, such as a body hash under a given canonicalisation. */
    public byte[] derive(String key, Function<byte[], byte[]> computation) {
        return derived.computeIfAbsent(key, k -> computation.apply(bytes));
    }
}
