package org.mailresponder.delivery;

/**
 * A delivery that may succeed later (no SES send slot in time): an outage to {@link FailureClassifier}, so the
 * request stays queued.
 */
public class TransientDeliveryException extends RuntimeException {
    public TransientDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
