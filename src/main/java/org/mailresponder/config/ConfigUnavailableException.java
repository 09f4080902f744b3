package org.mailresponder.config;

/** No valid config has been loaded yet; requests wait in the maildir until one is. */
public class ConfigUnavailableException extends IllegalStateException {
    public ConfigUnavailableException(String message) {
        super(message);
    }
}
