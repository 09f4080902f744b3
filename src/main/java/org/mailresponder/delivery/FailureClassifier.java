package org.mailresponder.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.mailresponder.config.ConfigUnavailableException;
import org.springframework.dao.DataAccessException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one judge of failures, for the error handling in {@code routes/error-handling.yaml}.
 *
 * <p>A request's failure is an <em>outage</em> (it waits in the maildir and is retried) or not (it goes to failed/).
 * That is judged on the outermost exception, looking through pure wrappers only: a database error caused by a
 * NullPointerException inside the driver is still an outage, and a bug that happens to wrap an IOException is still a
 * bug.
 *
 * <p>A delivery failure is <em>final</em> (SES "Address blacklisted" or "Message too long", an SMTP relay's 5xx for
 * the recipient: it will fail the same way every time, so it is recorded and never retried), <em>retryable</em> (SES
 * throttling or a 5xx from SES: worth retrying after a pause) or neither, which is left to the request's own error
 * handling. Those are judged on the whole cause chain, including the mail API's chained "next" exceptions.
 */
public class FailureClassifier {

    private static final List<Class<? extends Throwable>> OUTAGES = List.of(
            ConfigUnavailableException.class, SQLException.class, DataAccessException.class, IOException.class,
            UncheckedIOException.class, MessagingException.class, TransientDeliveryException.class,
            SdkClientException.class);

    private final List<Class<? extends Throwable>> wrappers;

    /** @param frameworkWrappers the integration framework's own pure wrapper exceptions (Camel's, from the wiring) */
    @SafeVarargs
    public FailureClassifier(Class<? extends Throwable>... frameworkWrappers) {
        this.wrappers = java.util.stream.Stream.concat(
                java.util.stream.Stream.of(ExecutionException.class, CompletionException.class),
                java.util.stream.Stream.of(frameworkWrappers)).toList();
    }

    public boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = isWrapper(t) ? cause(t) : null) {
            if (isAny(OUTAGES, t)) {
                return true;
            }
        }
        return false;
    }

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

    private boolean isWrapper(Throwable t) {
        return isAny(wrappers, t);
    }

    private static boolean isAny(List<Class<? extends Throwable>> types, Throwable t) {
        return types.stream().anyMatch(type -> type.isInstance(t));
    }

    private static boolean isThrottlingCode(AwsServiceException aws) {
        String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
        return code != null && (code.equals("Throttling") || code.equals("ThrottlingException"));
    }

    private static String errorMessage(AwsServiceException aws) {
        String m = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorMessage();
        return m != null ? m : String.valueOf(aws.getMessage());
    }

    private static Throwable cause(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }

    /** The next link of the whole chain: the mail API chains a relay's per-recipient errors as "next" exceptions. */
    private static Throwable next(Throwable t) {
        if (t instanceof SendFailedException sfe && sfe.getNextException() != null) {
            return sfe.getNextException();
        }
        if (t instanceof MessagingException me && me.getNextException() != null && me.getCause() == null) {
            return me.getNextException();
        }
        return cause(t);
    }
}
