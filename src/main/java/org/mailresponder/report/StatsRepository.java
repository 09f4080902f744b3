package org.mailresponder.report;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.mailresponder.database.SqlFile;

/**
 * Writes the statistics counted in memory ({@link #add}) and reads the daily report back. Plain JDBC because the
 * same report serves the stats mail route and the {@code stats} command, which runs without a Camel context.
 */
public class StatsRepository {

    static final int HISTORY_DAYS = 14;
    private static final String ADD_REQUESTS = SqlFile.read("stats-add-requests");
    private static final String ADD_PROCESSING = SqlFile.read("stats-add-processing");
    private static final String ADD_LIMITED = SqlFile.read("stats-add-limited-senders");
    private static final String DAY_REQUESTS = SqlFile.read("stats-day-requests");
    private static final String DAY_LIMITED_SENDERS = SqlFile.read("stats-day-limited-senders");
    private static final String DAY_PROCESSING = SqlFile.read("stats-day-processing");
    private static final String HISTORY = SqlFile.read("stats-history");

    /**
     * What {@link #add} could not write.
     *
     * @param kept     rows that failed for a reason that may pass (the database went away): write them later
     * @param rejected rows the database refused for what they hold: they would fail every time
     */
    public record Written(StatsBuffer.Delta kept, List<Object> rejected, String firstRejection, String firstFailure) {
    }

    private final DataSource dataSource;

    public StatsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds a delta to the counters in one transaction of three batched statements. If the database refuses one row
     * for its data, the rows are written one by one instead, and only the refused ones are left out.
     *
     * @throws SQLException when nothing could be written (the database is unavailable)
     */
    public Written add(StatsBuffer.Delta delta) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                batch(c, ADD_REQUESTS, delta.counts(), StatsRepository::bindCount);
                batch(c, ADD_PROCESSING, delta.buckets(), StatsRepository::bindBucket);
                batch(c, ADD_LIMITED, delta.limitedSenders(), StatsRepository::bindLimited);
                c.commit();
                return new Written(new StatsBuffer.Delta(List.of(), List.of(), List.of()), List.of(), null, null);
            } catch (SQLException e) {
                c.rollback();
                if (!refusesData(e)) {
                    throw e;
                }
            }
            c.setAutoCommit(true);
            return oneByOne(c, delta);
        }
    }

    private interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private static <T> void batch(Connection c, String sql, List<T> rows, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Written oneByOne(Connection c, StatsBuffer.Delta delta) {
        List<StatsBuffer.Count> keptCounts = new ArrayList<>();
        List<StatsBuffer.Bucket> keptBuckets = new ArrayList<>();
        List<StatsBuffer.Limited> keptLimited = new ArrayList<>();
        List<Object> rejected = new ArrayList<>();
        String[] firsts = new String[2];
        for (StatsBuffer.Count row : delta.counts()) {
            single(c, ADD_REQUESTS, row, StatsRepository::bindCount, keptCounts, rejected, firsts);
        }
        for (StatsBuffer.Bucket row : delta.buckets()) {
            single(c, ADD_PROCESSING, row, StatsRepository::bindBucket, keptBuckets, rejected, firsts);
        }
        for (StatsBuffer.Limited row : delta.limitedSenders()) {
            single(c, ADD_LIMITED, row, StatsRepository::bindLimited, keptLimited, rejected, firsts);
        }
        return new Written(new StatsBuffer.Delta(keptCounts, keptBuckets, keptLimited), rejected, firsts[0], firsts[1]);
    }

    private static <T> void single(Connection c, String sql, T row, Binder<T> binder, List<T> kept,
                                   List<Object> rejected, String[] firsts) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps, row);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (refusesData(e)) {
                rejected.add(row);
                firsts[0] = firsts[0] == null ? e.getMessage() : firsts[0];
            } else {
                kept.add(row);
                firsts[1] = firsts[1] == null ? e.getMessage() : firsts[1];
            }
        }
    }

    /** A data exception (SQLState class 22) or a constraint violation (23): the row itself is the problem. */
    static boolean refusesData(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLDataException || t instanceof SQLIntegrityConstraintViolationException
                    || t instanceof java.sql.DataTruncation) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static void bindCount(PreparedStatement ps, StatsBuffer.Count r) throws SQLException {
        ps.setDate(1, Date.valueOf(r.day()));
        ps.setString(2, r.requested());
        ps.setString(3, r.outcome());
        ps.setLong(4, r.delta());
    }

    private static void bindBucket(PreparedStatement ps, StatsBuffer.Bucket r) throws SQLException {
        ps.setDate(1, Date.valueOf(r.day()));
        ps.setInt(2, r.bucket());
        ps.setLong(3, r.delta());
    }

    private static void bindLimited(PreparedStatement ps, StatsBuffer.Limited r) throws SQLException {
        ps.setDate(1, Date.valueOf(r.day()));
        ps.setString(2, r.senderHash());
    }

    public DailyStats report(LocalDate day) {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Long> answers = new TreeMap<>();
            Map<String, Long> rejections = new TreeMap<>();
            long rateLimited = 0;
            long failed = 0;
            long deferred = 0;
            try (PreparedStatement ps = c.prepareStatement(DAY_REQUESTS)) {
                ps.setDate(1, Date.valueOf(day));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String outcome = rs.getString(2);
                        long n = rs.getLong(3);
                        switch (DayTotals.Group.of(outcome)) {
                            case ANSWERED -> answers.merge(rs.getString(1), n, Long::sum);
                            case RATE_LIMITED -> rateLimited += n;
                            case FAILED -> failed += n;
                            case DEFERRED -> deferred += n;
                            case REJECTED -> rejections.merge(outcome, n, Long::sum);
                        }
                    }
                }
            }
            long limitedSenders = single(c, DAY_LIMITED_SENDERS, day);
            TreeMap<Integer, Long> histogram = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(DAY_PROCESSING)) {
                ps.setDate(1, Date.valueOf(day));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        histogram.merge(rs.getInt(1), rs.getLong(2), Long::sum);
                    }
                }
            }
            return new DailyStats(day, answers, rejections, rateLimited, limitedSenders, failed, deferred,
                    ProcessingTimeBuckets.quantileMs(histogram, 0.50),
                    ProcessingTimeBuckets.quantileMs(histogram, 0.95),
                    ProcessingTimeBuckets.quantileMs(histogram, 0.99), history(c, day));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read statistics for " + day + ": " + e.getMessage(), e);
        }
    }

    private List<DayTotals> history(Connection c, LocalDate day) throws SQLException {
        LocalDate first = day.minusDays(HISTORY_DAYS - 1);
        Map<LocalDate, long[]> byDay = new LinkedHashMap<>();
        for (LocalDate d = first; !d.isAfter(day); d = d.plusDays(1)) {
            byDay.put(d, new long[4]);
        }
        try (PreparedStatement ps = c.prepareStatement(HISTORY)) {
            ps.setDate(1, Date.valueOf(first));
            ps.setDate(2, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] t = byDay.get(rs.getDate(1).toLocalDate());
                    long n = rs.getLong(3);
                    switch (DayTotals.Group.of(rs.getString(2))) {
                        case ANSWERED -> t[0] += n;
                        case REJECTED -> t[1] += n;
                        case RATE_LIMITED -> t[2] += n;
                        case FAILED -> t[3] += n;
                        case DEFERRED -> { }
                    }
                }
            }
        }
        List<DayTotals> out = new ArrayList<>();
        byDay.forEach((d, t) -> out.add(new DayTotals(d, t[0], t[1], t[2], t[3])));
        return out;
    }

    private static long single(Connection c, String sql, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDate(1, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
