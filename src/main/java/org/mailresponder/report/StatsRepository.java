package org.mailresponder.report;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * Reads the daily statistics back from the database. Plain JDBC because the same report serves the stats mail
 * route and the {@code stats} command, which runs without a Camel context.
 */
public class StatsRepository {

    static final int HISTORY_DAYS = 14;

    private final DataSource dataSource;

    public StatsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DailyStats report(LocalDate day) {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Long> answers = new TreeMap<>();
            Map<String, Long> rejections = new TreeMap<>();
            long rateLimited = 0;
            long failed = 0;
            long deferred = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT requested, outcome, cnt FROM stats_requests WHERE stat_day = ?")) {
                ps.setDate(1, Date.valueOf(day));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String outcome = rs.getString(2);
                        long n = rs.getLong(3);
                        switch (DayTotals.groupOf(outcome)) {
                            case "answered" -> answers.merge(rs.getString(1), n, Long::sum);
                            case "rate-limited" -> rateLimited += n;
                            case "failed" -> failed += n;
                            case "deferred" -> deferred += n;
                            default -> rejections.merge(outcome, n, Long::sum);
                        }
                    }
                }
            }
            long limitedSenders = single(c, "SELECT COUNT(*) FROM stats_limited_sender WHERE stat_day = ?", day);
            TreeMap<Integer, Long> histogram = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT bucket, cnt FROM stats_processing WHERE stat_day = ?")) {
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
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT stat_day, outcome, SUM(cnt) FROM stats_requests WHERE stat_day BETWEEN ? AND ? "
                        + "GROUP BY stat_day, outcome")) {
            ps.setDate(1, Date.valueOf(first));
            ps.setDate(2, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] t = byDay.get(rs.getDate(1).toLocalDate());
                    long n = rs.getLong(3);
                    switch (DayTotals.groupOf(rs.getString(2))) {
                        case "answered" -> t[0] += n;
                        case "rejected" -> t[1] += n;
                        case "rate-limited" -> t[2] += n;
                        case "failed" -> t[3] += n;
                        default -> { }
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
