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
 * What the usual request (new, on no list, within every bound) costs, sent to MySQL/MariaDB as one text with its
 * claim, so that the ledger's transaction takes two round trips (this text and the commit) instead of one per
 * statement. They are the ledger's own statements in its lock order: claim the request, read the sender's list
 * entries, count the sender's day, add to the recipient domain's and the global counter, claim the mails. The claim
 * goes first and is a plain insert: a request seen before fails there with a duplicate key, and the server runs none
 * of the statements after it, so a replay still costs the server one statement (the client pays for the text and
 * the driver's exception: the ledger sends the claim alone for a request it remembers deciding). After the claim the
 * text sets a savepoint: {@link Answers#unusual} tells which answer made a request other than usual, and the ledger
 * then rolls back to the savepoint (keeping the claim) and decides the request statement by statement.
 *
 * <p>Needs a connection that runs several statements per text (Connector/J {@code allowMultiQueries}; the driver then
 * prepares this text on the client, escaping each parameter) and reports changed rows ({@code useAffectedRows}).
 */
final class UsualDecision {

    /** The savepoint after the request's claim (RoundTripCounter tells the text by it). */
    static final String SAVEPOINT = "usual_request";

    /** MySQL's and MariaDB's error for a duplicate key ({@code ER_DUP_ENTRY}). */
    private static final int DUPLICATE_KEY = 1062;
    /** The statements before the day count: the claim and the savepoint. */
    private static final int BEFORE_DAY = 2;

    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();
    private final int mails;
    private final List<Counted> counters = new ArrayList<>();

    /** A counter the text counts the mails in, and the period its row is known to be of. */
    record Counted(RecipientBounds.Counter counter, String period) {
    }

    /**
     * @param claimSql    the request's claim: a plain insert, failing with a duplicate key for a request seen before
     * @param claimParams its parameters
     * @param mails       the mails the request's plan would claim
     */
    UsualDecision(String claimSql, List<Object> claimParams, int mails) {
        this.sql = new StringBuilder(claimSql).append(";\nSAVEPOINT ").append(SAVEPOINT);
        this.params.addAll(claimParams);
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

    /**
     * What each statement answered, or {@link Answers#SEEN_BEFORE} when the claim found the request claimed before;
     * runs them in {@code c}'s transaction.
     */
    Answers run(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<Integer> counts = new ArrayList<>();
            ListActions lists = null;
            boolean resultSet;
            try {
                resultSet = ps.execute();
            } catch (SQLException e) {
                // Only the claim can fail so: the mails' claims are INSERT IGNORE and the day count an upsert. The
                // server stopped at the claim, and the transaction holds nothing of this text.
                if (e.getErrorCode() == DUPLICATE_KEY) {
                    return Answers.SEEN_BEFORE;
                }
                throw e;
            }
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

    /** Undoes the text after the claim. */
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
     * The update counts in statement order (the request's claim, the savepoint, the day count, the counters, the
     * mails' claims) and the list entries read (null if no result set came back, which makes the answers UNREADABLE).
     */
    record Answers(List<Integer> counts, ListActions lists) {

        /** The request was claimed before: a replay, nothing in the text ran. */
        static final Answers SEEN_BEFORE = new Answers(List.of(), null);

        boolean seenBefore() {
            return this == SEEN_BEFORE;
        }

        /**
         * NONE for a day counted within the sender's daily limit, room in every counter and every mail claimed;
         * otherwise the first answer that differs.
         */
        Unusual unusual(UsualDecision d) {
            if (counts.size() != BEFORE_DAY + 2 + d.counters.size() || lists == null || counts.get(0) != 1) {
                return Unusual.UNREADABLE;
            }
            if (counts.get(BEFORE_DAY) == 0) {
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
                if (counts.get(BEFORE_DAY + 1 + i) != 1) {
                    return d.counters.get(i);
                }
            }
            return null;
        }
    }
}
