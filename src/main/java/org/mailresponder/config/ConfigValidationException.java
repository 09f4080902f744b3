package org.mailresponder.config;

/** A responder config that must not be put in force; the message names the entry and the field. */
public class ConfigValidationException extends Exception {
    public ConfigValidationException(String message) {
        super(message);
    }

    public ConfigValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
