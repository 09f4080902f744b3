package org.mailresponder.camel;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.OptimizedFileFilter;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.mailresponder.inbound.MaildirFiles;

/**
 * The maildir consumer's side of {@link MaildirFiles}: the file component's filter, and the reader the ingest route
 * calls, so one bean ({@code maildirFiles}) serves both as before. It is the consumer's poll strategy too: as a scan
 * begins, {@link OldestFirst} chooses the oldest files, and the scan takes only those; the rest is neither judged nor
 * read until a later scan chooses it. The others are refused by name ({@link OptimizedFileFilter}), before the file
 * component makes a file object of them, which costs a {@code stat} per waiting file per scan.
 */
public class MaildirFilter extends DefaultPollingConsumerPollStrategy implements OptimizedFileFilter {

    private final MaildirFiles files;
    private final OldestFirst oldestFirst;

    public MaildirFilter(MaildirFiles files) {
        this.files = files;
        this.oldestFirst = new OldestFirst();
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        oldestFirst.scanBegins(consumer, endpoint);
        return super.begin(consumer, endpoint);
    }

    /** False for a file this scan did not choose; null (judge the file itself, below) for the others. */
    @Override
    public Boolean accept(String name) {
        return oldestFirst.mayTake(name) ? null : Boolean.FALSE;
    }

    /** Asked only for the files {@link #accept(String)} left to it: the file component asks by name first. */
    @Override
    @SuppressWarnings("rawtypes") // OptimizedFileFilter extends the raw GenericFileFilter
    public boolean accept(GenericFile file) {
        return files.take(Path.of(file.getAbsoluteFilePath()));
    }

    /** Whether the last scan left a backlog it made progress on, so the next should run at once (asking clears it). */
    public boolean backlogLeft() {
        return oldestFirst.takeBacklogLeft();
    }

    public byte[] read(String absolutePath) throws IOException {
        return files.read(absolutePath);
    }
}
