package org.mailresponder.ratelimit;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.mailresponder.database.SqlFile;

/**
 * The operator's side of the rate-limit tables ({@code sender_list}, {@code sender_day}) for the admin CLI. It reads
 * and writes exactly the rows the {@code rate-limit} route consults, so a change here takes effect on the next
 * request of every replica. Addresses are only ever seen here as hashes.
 */
public class SenderLists {

    private static final String SENDER_LISTS = SqlFile.read("sender-lists");
    private static final String SENDER_DAY_ANSWERED = SqlFile.read("sender-day-answered");
    private static final String LIST_PUT = SqlFile.read("sender-list-put");
    private static final String LIST_REMOVE = SqlFile.read("sender-list-remove");
    private static final String LIST_FIND = SqlFile.read("sender-list-find");
    private static final String LIST_ENTRIES = SqlFile.read("sender-list-entries");
    private static final String DAY_SUMMARY = SqlFile.read("sender-day-summary");
    private static final String DAY_RESET_ALL = SqlFile.read("sender-day-reset-all");
    private static final String DAY_RESET = SqlFile.read("sender-day-reset");


    /** What a list entry is keyed on: {@code address} (value = sender hash) or {@code domain}. */
    public enum Kind {
        ADDRESS, DOMAIN;

        public String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The two lists; stored upper-case, as {@link SenderLimits#decide} reads them. */
    public enum Action { ALLOW, BLOCK }

    /** One row of {@code sender_list}. */
    public record Entry(Kind kind, String value, Action action, Instant createdAt) {
    }

    private final DataSource dataSource;

    public SenderLists(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Puts the key on a list, moving it off the other list if it was there. */
    public void put(Kind kind, String value, Action action) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(LIST_PUT)) {
            ps.setString(1, kind.column());
            ps.setString(2, value);
            ps.setString(3, action.name());
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
    }

    /** @return false when the key was not on that list */
    public boolean remove(Kind kind, String value, Action action) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(LIST_REMOVE)) {
            ps.setString(1, kind.column());
            ps.setString(2, value);
            ps.setString(3, action.name());
            return ps.executeUpdate() > 0;
        }
    }

    /** The list a key is on, or null. */
    public Action find(Kind kind, String value) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(LIST_FIND)) {
            ps.setString(1, kind.column());
            ps.setString(2, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Action.valueOf(rs.getString(1).trim().toUpperCase(java.util.Locale.ROOT)) : null;
            }
        }
    }

    /**
     * The rows the rate-limit route would find for this sender, in the shape {@link SenderLimits#decide} takes.
     */
    public List<Map<String, Object>> hits(String senderHash, String senderDomain) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SENDER_LISTS)) {
            ps.setString(1, senderHash);
            ps.setString(2, senderDomain);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("list_kind", rs.getString(1));
                    row.put("action", rs.getString(2));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    public List<Entry> entries() throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(LIST_ENTRIES);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(4);
                entries.add(new Entry(Kind.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)),
                        rs.getString(2), Action.valueOf(rs.getString(3).trim().toUpperCase(java.util.Locale.ROOT)),
                        at == null ? null : at.toInstant()));
            }
        }
        return entries;
    }

    /** Answers counted for this sender on {@code day}; a row from another day counts as zero, as in the route. */
    public int answeredOn(String senderHash, LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SENDER_DAY_ANSWERED)) {
            ps.setString(1, senderHash);
            ps.setDate(2, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /**
     * Answer mails counted on {@code day} against a registrable domain's cap, over all the rows its counter is kept in
     * (a busy counter has several slots, see {@link RecipientBounds}).
     */
    public int domainMailsOn(String domain, LocalDate day) throws SQLException {
        List<String> keys = new ArrayList<>();
        keys.add("domain:" + domain);
        for (int slot = 0; slot < RecipientBounds.MAX_SLOTS; slot++) {
            keys.add("domain:" + domain + "#" + slot);
        }
        String sql = "SELECT COALESCE(SUM(cnt), 0) FROM limit_counter WHERE period = ? AND counter_key IN ("
                + String.join(", ", java.util.Collections.nCopies(keys.size(), "?")) + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, day.toString());
            for (int i = 0; i < keys.size(); i++) {
                ps.setString(i + 2, keys.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** How many senders were counted on a day, and how many of them reached the limit. */
    public record DayTotals(int senders, int atLimit) {
    }

    public DayTotals totalsOn(LocalDate day, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(DAY_SUMMARY)) {
            ps.setInt(1, limit);
            ps.setDate(2, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new DayTotals(rs.getInt(1), rs.getInt(2));
            }
        }
    }

    /** Forgets every sender's count: everyone starts the day again at zero. @return rows removed */
    public int clearDay() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(DAY_RESET_ALL)) {
            return ps.executeUpdate();
        }
    }

    /** Forgets one sender's count. @return false when the sender had none */
    public boolean clearSender(String senderHash) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(DAY_RESET)) {
            ps.setString(1, senderHash);
            return ps.executeUpdate() > 0;
        }
    }
}
