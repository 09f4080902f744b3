package org.mailresponder.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.mailresponder.camel.ArrivalOrder;
import org.mailresponder.camel.MaildirFilter;
import org.mailresponder.camel.RequestWorkers;
import org.mailresponder.camel.VanishedFiles;
import org.mailresponder.camel.WakeOnArrival;
import org.mailresponder.delivery.FailureClassifier;
import org.mailresponder.inbound.MaildirFiles;
import org.mailresponder.inbound.Outcome;
import org.mailresponder.report.RequestOutcomes;

/**
 * What the maildir consumer takes, in which order, which workers take it over, how it tells a taken file, and how a
 * failure (of a request or a delivery) is judged.
 */
public class IngestBeans {

    @BindToRegistry("maildirFiles")
    public MaildirFilter maildirFiles(RequestOutcomes outcomes,
                                      @PropertyInject("responder.maildir") String maildir,
                                      @PropertyInject("responder.inbound.max-bytes") int maxBytes) {
        return new MaildirFilter(new MaildirFiles(Path.of(maildir), maxBytes,
                (reason, start) -> outcomes.record(null, Outcome.FAILED, reason, start), Clock.systemUTC()));
    }

    @BindToRegistry("vanishedFiles")
    public VanishedFiles vanishedFiles() {
        return new VanishedFiles();
    }

    /** The maildir consumer's pick-up order: oldest first. */
    @BindToRegistry("arrivalOrder")
    public ArrivalOrder arrivalOrder() {
        return new ArrivalOrder();
    }

    /**
     * When the maildir consumer scans: as a file arrives, at once after a scan that left a backlog, at the latest
     * after its delay.
     */
    @BindToRegistry("wakeOnArrival")
    public WakeOnArrival wakeOnArrival(@PropertyInject("responder.wake-on-arrival") boolean watch,
                                       MaildirFilter maildirFiles) {
        return new WakeOnArrival(watch, maildirFiles::backlogLeft);
    }

    @BindToRegistry(RequestWorkers.ID)
    public ExecutorService requestWorkers(CamelContext camelContext,
                                          @PropertyInject("responder.workers") int workers,
                                          @PropertyInject("responder.queue-size") int queueSize) throws Exception {
        return RequestWorkers.create(camelContext, workers, queueSize);
    }

    /** Camel's RuntimeCamelException is a pure wrapper: the classifier looks through it to the failure inside. */
    @BindToRegistry("failures")
    public FailureClassifier failures() {
        return new FailureClassifier(org.apache.camel.RuntimeCamelException.class);
    }
}
