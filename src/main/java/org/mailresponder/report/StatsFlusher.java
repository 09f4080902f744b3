package org.mailresponder.report;

import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds what the {@link StatsBuffer} counted to the database counters ({@code stats-flush} timer). A database outage
 * puts the counts back for the next flush; a row the database refuses for what it holds is dropped with a warning,
 * so it can never hold back the others or every later flush.
 */
public class StatsFlusher {

    private static final Logger LOG = LoggerFactory.getLogger("mail-responder.stats");

    private final StatsBuffer buffer;
    private final StatsRepository repository;

    public StatsFlusher(StatsBuffer buffer, StatsRepository repository) {
        this.buffer = buffer;
        this.repository = repository;
    }

    /** @return rows written */
    public int flush() {
        StatsBuffer.Delta delta = buffer.drain();
        if (delta.isEmpty()) {
            return 0;
        }
        StatsRepository.Written written;
        try {
            written = repository.add(delta);
        } catch (SQLException | RuntimeException e) {
            buffer.restore(delta);
            LOG.warn("Statistics kept in memory for the next flush: {}", RequestOutcomes.redact(e.getMessage()));
            return 0;
        }
        if (!written.rejected().isEmpty()) {
            LOG.warn("Statistics: {} row(s) refused by the database and dropped ({})", written.rejected().size(),
                    RequestOutcomes.redact(written.firstRejection()));
        }
        if (!written.kept().isEmpty()) {
            buffer.restore(written.kept());
            LOG.warn("Statistics: {} row(s) kept in memory for the next flush: {}", written.kept().size(),
                    RequestOutcomes.redact(written.firstFailure()));
        }
        return delta.size() - written.rejected().size() - written.kept().size();
    }
}
