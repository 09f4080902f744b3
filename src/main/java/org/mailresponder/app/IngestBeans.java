package org.mailresponder.app;

import java.nio.file.Path;
import java.time.Clock;

import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.mailresponder.camel.MaildirFilter;
import org.mailresponder.camel.OutageClassifier;
import org.mailresponder.camel.VanishedFiles;
import org.mailresponder.inbound.MaildirFiles;
import org.mailresponder.report.RequestOutcomes;

/** What the maildir consumer takes, how it tells a taken file, and how a failure is judged. */
public class IngestBeans {

    @BindToRegistry("maildirFiles")
    public MaildirFilter maildirFiles(RequestOutcomes outcomes,
                                      @PropertyInject("responder.maildir") String maildir,
                                      @PropertyInject("responder.inbound.max-bytes") int maxBytes) {
        return new MaildirFilter(new MaildirFiles(Path.of(maildir), maxBytes,
                (reason, start) -> outcomes.record(null, "failed", reason, start), Clock.systemUTC()));
    }

    @BindToRegistry("vanishedFiles")
    public VanishedFiles vanishedFiles() {
        return new VanishedFiles();
    }

    @BindToRegistry("outageClassifier")
    public OutageClassifier outageClassifier() {
        return new OutageClassifier();
    }
}
