package org.mailresponder.delivery;

import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Sorts delivery failures. A final rejection (SES "Address blacklisted" or "Message too long", an SMTP relay's
 * 5xx for the recipient) will fail the same way every time, so it is recorded and never retried. A retryable one
 * (SES throttling or a 5xx from SES) is worth retrying after a pause. Anything else is neither, and is left to
 * the request's own error handling.
 */
public class DeliveryErrors {

    /** Why a mail was rejected for good, as a short code for metrics and logs; null when it was not. */
    public String finalReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof AwsServiceException aws) {
                String message = errorMessage(aws).toLowerCase(Locale.ROOT);
                if (message.contains("address blacklisted")) {
                    return "address-blacklisted";
                }
                if (message.contains("message too long")) {
                    return "message-too-long";
                }
            }
            if (t instanceof SMTPAddressFailedException smtp && smtp.getReturnCode() >= 500) {
                return "recipient-rejected";
            }
        }
        return null;
    }

    public boolean isFinal(Throwable failure) {
        return finalReason(failure) != null;
    }

    /** SES throttling, or a server-side (5xx) SES error; a final rejection never is. */
    public boolean isRetryable(Throwable failure) {
        if (isFinal(failure)) {
            return false;
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof AwsServiceException aws) {
                return aws.isThrottlingException() || aws.statusCode() >= 500 || isThrottlingCode(aws);
            }
        }
        return false;
    }

    /** The error as the service stated it, for the record (it never contains the recipient). */
    public String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                return aws.awsErrorDetails().errorCode() + ": " + errorMessage(aws);
            }
        }
        return failure == null ? "" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static boolean isThrottlingCode(AwsServiceException aws) {
        String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
        return code != null && (code.equals("Throttling") || code.equals("ThrottlingException"));
    }

    private static String errorMessage(AwsServiceException aws) {
        String m = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorMessage();
        return m != null ? m : String.valueOf(aws.getMessage());
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SendFailedException sfe && sfe.getNextException() != null) {
            return sfe.getNextException();
        }
        if (t instanceof MessagingException me && me.getNextException() != null && me.getCause() == null) {
            return me.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
