package org.mailresponder.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailresponder.testing.TestDatabaseExtension;
import org.mailresponder.testing.TestDatabaseExtension.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request ledger's pool ({@link DatabaseSetup#transactionPool}) on the real MariaDB and on H2: its connections
 * stay out of auto-commit, on MariaDB its update counts tell an unchanged row from a changed one, and none of that
 * leaks into the shared pool it was made from, whose users (camel-sql, Quartz's job store) rely on auto-commit and
 * on the driver's default update counts.
 */
class TransactionPoolTest {

    @RegisterExtension
    final TestDatabaseExtension databases = TestDatabaseExtension.mariaDb();

    private static final String TOUCH = "INSERT INTO limit_counter (counter_key, period, cnt) VALUES (?, 'p', 0)"
            + " ON DUPLICATE KEY UPDATE cnt = cnt";

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theLedgersPoolStaysOutOfAutoCommitAndTheSharedPoolKeepsItsSettings(Kind kind) throws Exception {
        HikariDataSource shared = databases.migratedPool(kind, 2);
        HikariDataSource ledger = databases.ledgerPool(shared, 2);

        try (Connection c = ledger.getConnection()) {
            assertThat(c.getAutoCommit()).isFalse();
            touch(c, "uncommitted");
            c.rollback();
        }
        try (Connection c = shared.getConnection()) {
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(count(shared, "uncommitted")).as("the ledger's pool commits only when told").isZero();

        boolean mysql = kind == Kind.MARIADB;
        assertThat(DatabaseSetup.reportsChangedRows(ledger)).isEqualTo(mysql);
        assertThat(DatabaseSetup.reportsChangedRows(shared)).isFalse();
        assertThat(shared.getDataSourceProperties().getProperty("useAffectedRows")).isNull();
        // several statements per text on the ledger's pool only (the usual request's decision)
        assertThat(DatabaseSetup.runsStatementsTogether(ledger)).isEqualTo(mysql);
        assertThat(DatabaseSetup.runsStatementsTogether(shared)).isFalse();
        if (mysql) {
            try (Connection c = ledger.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1; SELECT 2");
                assertThat(s.getMoreResults()).as("the second statement's result").isTrue();
                c.rollback();
            }
        }

        try (Connection c = shared.getConnection()) {
            touch(c, "row");
        }
        if (mysql) {
            // the same upsert on a row it leaves as it was: found (1) on the shared pool, unchanged (0) on the ledger's
            try (Connection c = shared.getConnection()) {
                assertThat(touch(c, "row")).isEqualTo(1);
            }
            try (Connection c = ledger.getConnection()) {
                assertThat(touch(c, "row")).isZero();
                c.commit();
            }
        }
    }

    /**
     * An operator's URL that names allowMultiQueries keeps its word: false, and the ledger's pool does not turn it on
     * (the ledger then sends no text of several statements, which would fail every request); true, and the ledger
     * uses it.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aUrlThatNamesMultiQueriesIsObeyed(boolean multi) throws Exception {
        HikariDataSource migrated = databases.migratedPool(Kind.MARIADB, 1);
        try (HikariDataSource shared = DatabaseSetup.dataSource(migrated.getJdbcUrl() + "&allowMultiQueries=" + multi,
                migrated.getUsername(), migrated.getPassword(), 1, new DatabaseSetup.Timeouts(5000, 30000, 5000));
             HikariDataSource ledger = DatabaseSetup.transactionPool(shared, "multi-" + multi, 1);
             Connection c = ledger.getConnection(); Statement s = c.createStatement()) {
            assertThat(DatabaseSetup.runsStatementsTogether(ledger)).isEqualTo(multi);
            assertThat(DatabaseSetup.reportsChangedRows(ledger)).isTrue();
            if (multi) {
                s.execute("SELECT 1; SELECT 2");
                assertThat(s.getMoreResults()).as("the second statement's result").isTrue();
            } else {
                assertThatThrownBy(() -> s.execute("SELECT 1; SELECT 2")).isInstanceOf(SQLException.class);
            }
            c.rollback();
        }
    }

    @Test
    void aDriverPropertyIsReadFromTheUrlByItsWholeName() {
        String url = "jdbc:mysql://db:3306/r?useSSL=true&AllowMultiQueries=False&connectTimeout=5000";
        assertThat(DatabaseSetup.urlValue(url, "allowMultiQueries")).isEqualTo("False");
        assertThat(DatabaseSetup.urlValue(url, "connectTimeout")).isEqualTo("5000");
        assertThat(DatabaseSetup.urlValue("jdbc:mysql://db/r?xallowMultiQueries=true", "allowMultiQueries")).isNull();
        assertThat(DatabaseSetup.urlValue("jdbc:mysql://db/r;allowMultiQueries=true;a=b", "allowMultiQueries"))
                .isEqualTo("true");
        assertThat(DatabaseSetup.urlValue("jdbc:mysql://db/r", "socketTimeout")).isNull();
    }

    private static int touch(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TOUCH)) {
            ps.setString(1, key);
            return ps.executeUpdate();
        }
    }

    private static long count(DataSource ds, String key) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM limit_counter WHERE counter_key = ?")) {
            ps.setString(1, key);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
