package org.mailresponder.database;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Says what is actually wrong when the database cannot be used: a locked H2 file, bad credentials and an unreachable
 * server need different fixes, and a pool timeout ("Connection is not available") names none of them.
 */
public final class DatabaseErrors {

    /** H2: the file is open in another process. */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;
    /** H2: -ifExists and no such database (e.g. a wrong admin key). */
    static final int H2_DATABASE_NOT_FOUND_WITH_IF_EXISTS = 90146;
    static final int H2_WRONG_USER_OR_PASSWORD = 28000;

    private DatabaseErrors() {
    }

    /** One line for an operator: what failed, for which URL (without credentials), and what to do. */
    public static String describe(String jdbcUrl, Throwable failure) {
        SQLException sql = innermostSqlException(failure);
        String where = redact(jdbcUrl);
        if (sql == null) {
            return "cannot use the database " + where + ": " + message(failure);
        }
        int code = sql.getErrorCode();
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (code == H2_DATABASE_ALREADY_OPEN) {
            boolean file = H2AdminServer.isEmbeddedFile(jdbcUrl);
            return "the H2 database file " + (file ? H2AdminServer.databasePath(jdbcUrl) + ".mv.db" : where)
                    + " is locked by another process, which is not serving it to admin commands ("
                    + (file ? H2AdminServer.advertisement(jdbcUrl) : "<database>.server") + " is missing or stale): "
                    + "a service started with responder.db.admin-server=false, an older version, or another tool; "
                    + "stop it, or restart the service with the admin server on";
        }
        if (code == H2_DATABASE_NOT_FOUND_WITH_IF_EXISTS) {
            return "the running service's admin server refused the database key (was the service restarted while "
                    + "this command ran? run it again): " + firstLine(sql.getMessage());
        }
        if (code == H2_WRONG_USER_OR_PASSWORD || state.startsWith("28") || code == 1045) {
            return "the database " + where + " refused the user or password (responder.db.user, responder.db.password)"
                    + ": " + firstLine(sql.getMessage());
        }
        if (state.startsWith("08")) {
            // Connector/J says "Communications link failure" for every way of not reaching the server; what the
            // socket said (refused, no such file, timed out) is in the innermost cause
            Throwable root = rootCause(sql);
            String why = root == sql || root.getMessage() == null ? "" : " (" + firstLine(root.getMessage()) + ")";
            return "cannot reach the database server " + where + ": " + firstLine(sql.getMessage()) + why;
        }
        if (code == 1049 || state.equals("42000") && sql.getMessage().toLowerCase(Locale.ROOT).contains("unknown database")) {
            return "the database server has no such database " + where + ": " + firstLine(sql.getMessage());
        }
        return "cannot use the database " + where + ": " + firstLine(sql.getMessage());
    }

    private static SQLException innermostSqlException(Throwable t) {
        SQLException found = null;
        for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SQLException s) {
                found = s;
            }
        }
        return found;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t.getMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** The URL without a password or an admin key. */
    static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "(no responder.db.url)";
        }
        String u = jdbcUrl.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***");
        return u.replaceAll("(jdbc:h2:tcp://[^/]+/)[0-9a-f]{16,}", "$1<key>");
    }
}
