package org.mailresponder.config;

/** One alternative of an answer body: {@code plain} or {@code html} text. */
public record BodyPart(Kind kind, String text) {

    public enum Kind { PLAIN, HTML }

    public BodyPart {
        if (kind == null || text == null) {
            throw new IllegalArgumentException("body part needs a kind and a text");
        }
    }
}
