package org.mailresponder.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import jakarta.mail.MessagingException;
import org.apache.camel.RuntimeCamelException;
import org.mailresponder.compose.TransientDeliveryException;
import org.mailresponder.config.ConfigUnavailableException;
import org.springframework.dao.DataAccessException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Tells an outage (the request should wait in the maildir and be retried) from a failure that retrying cannot
 * cure (the request goes to failed/). It judges the outermost exception, looking through pure wrappers only: a
 * database error caused by a NullPointerException inside the driver is still an outage, and a bug that happens
 * to wrap an IOException is still a bug.
 */
public final class OutageClassifier {

    private static final List<Class<? extends Throwable>> OUTAGES = List.of(
            ConfigUnavailableException.class, SQLException.class, DataAccessException.class, IOException.class,
            UncheckedIOException.class, MessagingException.class, TransientDeliveryException.class,
            SdkClientException.class);

    private static final List<Class<? extends Throwable>> WRAPPERS = List.of(
            RuntimeCamelException.class, ExecutionException.class, CompletionException.class);

    private static boolean isWrapper(Throwable t) {
        return WRAPPERS.stream().anyMatch(w -> w.isInstance(t));
    }

    public boolean isOutage(Throwable failure) {
        Throwable t = failure;
        while (t != null) {
            for (Class<? extends Throwable> outage : OUTAGES) {
                if (outage.isInstance(t)) {
                    return true;
                }
            }
            if (!isWrapper(t) || t.getCause() == t) {
                return false;
            }
            t = t.getCause();
        }
        return false;
    }
}
