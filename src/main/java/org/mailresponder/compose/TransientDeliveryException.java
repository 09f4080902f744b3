package org.mailresponder.compose;

/** A delivery that may succeed later (throttling, a 5xx, a relay that is down); the request stays queued. */
public class TransientDeliveryException extends RuntimeException {
    public TransientDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
