package org.mailresponder.inbound;

/** A request that can never be answered as it stands; it goes to {@code failed/} with this message as reason. */
public class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
        super(message);
    }

    public MalformedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
