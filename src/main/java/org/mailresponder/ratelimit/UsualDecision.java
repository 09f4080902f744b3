package org.mailresponder.ratelimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.mailresponder.inbound.InboundRequest;

/**
 * What the usual request (new, on no list, within every bound) costs after its claim, sent to MySQL/MariaDB as one
 * text, so that the ledger's transaction takes three round trips (the claim, this text, the commit) instead of one
 * per statement. They are the ledger's own statements in its lock order: read the sender's list entries, count the
 * sender's day, add to the recipient domain's and the global counter, claim the mails. The claim goes first and on
 * its own because a replay is told by it alone, and a replay must cost no more than it did: it never reaches this
 * text. The text begins with a savepoint: {@link Answers#unusual} tells which answer made a request other than usual,
 * and the ledger then rolls back to the savepoint (keeping the claim) and decides the request statement by statement.
 *
 * <p>Needs a connection that runs several statements per text (Connector/J {@code allowMultiQueries}; the driver then
 * prepares this text on the client, escaping each parameter) and reports changed rows ({@code useAffectedRows}).
 */
final class UsualDecision {

    private static final String SAVEPOINT = "usual_request";

    private final StringBuilder sql = new StringBuilder("SAVEPOINT " + SAVEPOINT);
    private final List<Object> params = new ArrayList<>();
    private final int mails;
    private final List<Counted> counters = new ArrayList<>();

    /** A counter the text counts the mails in, and the period its row is known to be of. */
    record Counted(RecipientBounds.Counter counter, String period) {
    }

    /** @param mails the mails the request's plan would claim */
    UsualDecision(int mails) {
        this.mails = mails;
    }

    /** Appends one statement and its parameters. */
    private UsualDecision add(String statement, Object... values) {
        sql.append(";\n").append(statement);
        params.addAll(List.of(values));
        return this;
    }

    UsualDecision lists(String listsSql, InboundRequest r) {
        return add(listsSql, r.senderHash(), r.senderDomain());
    }

    /**
     * @param day the day, sent as its ISO text: the driver writes a text's date parameters in a time zone of its
     *            choosing, a text parameter as it is
     */
    UsualDecision countDay(String countSql, InboundRequest r, LocalDate day, int dailyLimit) {
        return add(countSql, r.senderHash(), day.toString(), dailyLimit);
    }

    /** Counts the mails in each counter (the recipient domain's, the global one), in the ledger's lock order. */
    UsualDecision counters(String addSql, List<Counted> inOrder) {
        for (Counted c : inOrder) {
            counters.add(c);
            add(addSql, mails, c.counter().key(), c.period(), c.counter().share() - mails);
        }
        return this;
    }

    /** The claims insert (one row per mail, its parameters in row order). */
    UsualDecision claims(String claimsSql, List<Object> rowParams) {
        return add(claimsSql, rowParams.toArray());
    }

    /** What each statement answered; runs them in {@code c}'s transaction, after the request's claim. */
    Answers run(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<Integer> counts = new ArrayList<>();
            ListActions lists = null;
            boolean resultSet = ps.execute();
            while (true) {
                if (resultSet) {
                    try (ResultSet rs = ps.getResultSet()) {
                        lists = ListActions.read(rs);
                    }
                } else {
                    int count = ps.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    counts.add(count);
                }
                resultSet = ps.getMoreResults();
            }
            return new Answers(counts, lists);
        }
    }

    /** Undoes the text, not the claim before it. */
    static void rollBack(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT);
        }
    }

    /** Which answer made a request other than usual, so that the ledger sends the likes of it the long way. */
    enum Unusual {
        /** Every count as usual (the list entries are the ledger's to judge). */
        NONE,
        /** The sender's day is at its limit. */
        DAY_LIMIT,
        /** A counter has no room for the mails ({@link Answers#fullCounter}). */
        COUNTER,
        /** A mail was claimed before (not expected of a new request). */
        CLAIMS,
        /** Not the answers these statements give (a driver or server that reports results otherwise). */
        UNREADABLE
    }

    /**
     * The update counts in statement order (savepoint, day count, the counters, claims) and the list entries read
     * (null if no result set came back, which makes the answers UNREADABLE).
     */
    record Answers(List<Integer> counts, ListActions lists) {

        /**
         * NONE for a day counted within the sender's daily limit, room in every counter and every mail claimed;
         * otherwise the first answer that differs.
         */
        Unusual unusual(UsualDecision d) {
            if (counts.size() != 3 + d.counters.size() || lists == null) {
                return Unusual.UNREADABLE;
            }
            if (counts.get(1) == 0) {
                return Unusual.DAY_LIMIT;
            }
            if (fullCounter(d) != null) {
                return Unusual.COUNTER;
            }
            return counts.get(counts.size() - 1) == d.mails ? Unusual.NONE : Unusual.CLAIMS;
        }

        /** The first counter that had no room, or null. */
        Counted fullCounter(UsualDecision d) {
            for (int i = 0; i < d.counters.size(); i++) {
                if (counts.get(2 + i) != 1) {
                    return d.counters.get(i);
                }
            }
            return null;
        }
    }
}
