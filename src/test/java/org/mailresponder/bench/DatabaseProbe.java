package org.mailresponder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The MariaDB server at 127.0.0.1:3306 as the benchmark sees it from outside: a fresh database and user per service
 * run, the server process's CPU time from {@code /proc}, the server-wide counters ({@code Handler_commit},
 * {@code Com_*}, which on a shared machine include every other client's work) and, with the server's
 * {@code userstat} switched on for the benchmark's duration, the same counters and the connection CPU time for the
 * benchmark's own user alone.
 */
final class DatabaseProbe implements AutoCloseable {

    static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

    static final String[] GLOBAL = {"Handler_commit", "Handler_rollback", "Com_insert", "Com_update", "Com_select",
            "Com_delete", "Com_replace", "Com_commit", "Com_rollback", "Com_begin", "Com_stmt_execute",
            "Com_stmt_prepare", "Innodb_data_fsyncs", "Innodb_row_lock_waits", "Innodb_row_lock_time", "Questions"};
    static final String[] PER_USER = {"COMMIT_TRANSACTIONS", "ROLLBACK_TRANSACTIONS", "SELECT_COMMANDS",
            "UPDATE_COMMANDS", "OTHER_COMMANDS", "CPU_TIME", "BUSY_TIME", "ROWS_INSERTED", "ROWS_UPDATED"};

    private final Connection admin;
    private final String previousUserstat;
    private final Optional<Long> serverPid;
    /** The server's Unix socket the service connects over, or null: TCP to 127.0.0.1:3306. */
    private final Path socket;

    /**
     * @param overSocket the service connects over the server's Unix socket where it has one (README's advice for a
     *                   server on the same host), else over TCP
     */
    DatabaseProbe(boolean overSocket) throws SQLException {
        admin = DriverManager.getConnection(SERVER + "?user=root&useSSL=false&allowPublicKeyRetrieval=true", "root", "");
        String was = "0";
        try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SELECT @@global.userstat")) {
            if (r.next()) {
                was = r.getString(1);
            }
        }
        previousUserstat = was;
        try (Statement s = admin.createStatement()) {
            s.execute("SET GLOBAL userstat = 1");
        }
        serverPid = findServerPid();
        Path found = null;
        if (overSocket) {
            try (Statement s = admin.createStatement(); ResultSet r = s.executeQuery("SELECT @@socket")) {
                if (r.next() && r.getString(1) != null && Files.exists(Path.of(r.getString(1)))) {
                    found = Path.of(r.getString(1));
                }
            }
        }
        socket = found;
    }

    /** What the benchmark changed on the shared server (it is put back on close), and how the service connects. */
    String note() {
        return "userstat was " + previousUserstat + ", set to 1 for the run; the service connects "
                + (socket != null ? "over the server's Unix socket " + socket + " (junixsocket)" : "over TCP, " + SERVER);
    }

    record Account(String database, String user, String password, String url) {
    }

    /** A new database and a user with rights on it alone, so per-user statistics are the service's own. */
    Account create(String label) throws SQLException {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String db = "mrbench_" + label.replaceAll("[^A-Za-z0-9]", "_") + "_" + id;
        String user = "mrb_" + id;
        String password = "pw" + id;
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
            s.execute("CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
            s.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + password + "'");
            s.execute("GRANT ALL ON " + db + ".* TO '" + user + "'@'127.0.0.1'");
            s.execute("GRANT ALL ON " + db + ".* TO '" + user + "'@'localhost'");
        }
        // as TestDatabaseExtension.socketUrl, written again: the driver loads no class of the service, and that one
        // brings the service's database classes with it
        return new Account(db, user, password, socket != null
                ? "jdbc:mysql://localhost/" + db + "?socketFactory=org.newsclub.net.mysql.AFUNIXDatabaseSocketFactoryCJ"
                        + "&junixsocket.file=" + socket
                : SERVER + db + "?useSSL=false&allowPublicKeyRetrieval=true");
    }

    void drop(Account a) {
        try (Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + a.database());
            s.execute("DROP USER IF EXISTS '" + a.user() + "'@'127.0.0.1'");
            s.execute("DROP USER IF EXISTS '" + a.user() + "'@'localhost'");
        } catch (SQLException e) {
            System.err.println("could not drop " + a.database() + ": " + e.getMessage());
        }
    }

    /** Server-wide status counters. */
    Map<String, Double> global() throws SQLException {
        Map<String, Double> out = new LinkedHashMap<>();
        try (Statement s = admin.createStatement();
             ResultSet r = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('"
                     + String.join("','", GLOBAL) + "')")) {
            while (r.next()) {
                out.put(r.getString(1), r.getDouble(2));
            }
        }
        return out;
    }

    /** The user's counters (CPU_TIME and BUSY_TIME in seconds); empty when the server has no user statistics. */
    Map<String, Double> user(String user) throws SQLException {
        Map<String, Double> out = new LinkedHashMap<>();
        try (PreparedStatement s = admin.prepareStatement("SELECT " + String.join(",", PER_USER)
                + " FROM information_schema.USER_STATISTICS WHERE USER = ?")) {
            s.setString(1, user);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    for (String c : PER_USER) {
                        out.put(c, r.getDouble(c));
                    }
                }
            }
        } catch (SQLException e) {
            return Map.of();
        }
        return out;
    }

    /** The MariaDB server process's CPU (ms), or NaN if it cannot be read (another user's process, no /proc). */
    double serverCpuMillis() {
        return serverPid.map(pid -> ServiceProcess.cpuMillis(Path.of("/proc", String.valueOf(pid), "stat")))
                .orElse(Double.NaN);
    }

    Optional<Long> serverPid() {
        return serverPid;
    }

    private static Optional<Long> findServerPid() {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                if (!p.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                try {
                    String comm = Files.readString(p.resolve("comm")).trim();
                    if (comm.equals("mariadbd") || comm.equals("mysqld")) {
                        return Optional.of(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // gone
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return Optional.empty();
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("SET GLOBAL userstat = " + ("1".equals(previousUserstat) || "ON".equalsIgnoreCase(previousUserstat) ? 1 : 0));
        } finally {
            admin.close();
        }
    }
}
