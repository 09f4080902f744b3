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
    private boolean domainCounted;
    private boolean globalCounted;

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

    /** Counts the mails in a counter known to be of {@code period}; {@code null} = no such cap. */
    UsualDecision domainCounter(String addSql, RecipientBounds.Counter counter, String period) {
        domainCounted = counter != null;
        return counter == null ? this : add(addSql, mails, counter.key(), period, counter.share() - mails);
    }

    UsualDecision globalCounter(String addSql, RecipientBounds.Counter counter, String period) {
        globalCounted = counter != null;
        return counter == null ? this : add(addSql, mails, counter.key(), period, counter.share() - mails);
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
        /** The recipient domain's counter has no room for the mails. */
        DOMAIN_COUNTER,
        /** The global counter has no room for the mails. */
        GLOBAL_COUNTER,
        /** A mail was claimed before (not expected of a new request). */
        CLAIMS,
        /** Not the answers these statements give (a driver or server that reports results otherwise). */
        UNREADABLE
    }

    /**
     * The update counts in statement order (savepoint, day count, the counters present, claims) and the list entries
     * read (null if no result set came back, which makes the answers UNREADABLE).
     */
    record Answers(List<Integer> counts, ListActions lists) {

        /**
         * NONE for a day counted within the sender's daily limit, room in every counter and every mail claimed;
         * otherwise the first answer that differs.
         */
        Unusual unusual(UsualDecision d) {
            int expected = 3 + (d.domainCounted ? 1 : 0) + (d.globalCounted ? 1 : 0);
            if (counts.size() != expected || lists == null) {
                return Unusual.UNREADABLE;
            }
            if (counts.get(1) == 0) {
                return Unusual.DAY_LIMIT;
            }
            int next = 2;
            if (d.domainCounted && counts.get(next++) != 1) {
                return Unusual.DOMAIN_COUNTER;
            }
            if (d.globalCounted && counts.get(next++) != 1) {
                return Unusual.GLOBAL_COUNTER;
            }
            return counts.get(next) == d.mails ? Unusual.NONE : Unusual.CLAIMS;
        }
    }
}
