package org.mailresponder.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MariaDB on the same host reached over its Unix socket (junixsocket as Connector/J's socket factory), the way
 * README's single-host deployment configures it: the real server's socket, the service's own pools, and the server's
 * own word that the connection did not come over TCP.
 */
class UnixSocketConnectionTest {

    private static final DatabaseSetup.Timeouts TIMEOUTS = new DatabaseSetup.Timeouts(5000, 30000, 5000);

    @RegisterExtension
    final TestDatabaseExtension databases = TestDatabaseExtension.mariaDb();

    @Test
    void thePoolsConnectOverTheServersSocketAndTheLedgersKeepsItsSettings() throws Exception {
        Path socket = databases.serverSocket();
        assertThat(Files.exists(socket)).as("the server's socket " + socket).isTrue();
        try (HikariDataSource shared = DatabaseSetup.dataSource(databases.socketUrl(socket), databases.user(),
                databases.password(), 2, TIMEOUTS);
             HikariDataSource ledger = DatabaseSetup.transactionPool(shared, "socket-ledger", 2)) {
            for (HikariDataSource pool : new HikariDataSource[] {shared, ledger}) {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery(
                             "SELECT HOST, DB FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()")) {
                    assertThat(rs.next()).isTrue();
                    // a TCP client is "address:port"; a socket client is the bare "localhost"
                    assertThat(rs.getString("HOST")).as("the client as the server sees it").isEqualTo("localhost");
                    assertThat(rs.getString("DB")).isEqualTo(databases.name());
                }
            }
            // the usual request's one text and its update counts need these on the socket too
            assertThat(DatabaseSetup.runsStatementsTogether(ledger)).isTrue();
            assertThat(DatabaseSetup.reportsChangedRows(ledger)).isTrue();
        }
    }

    @Test
    void aSocketThatIsNotThereIsNamedInTheError(@TempDir Path dir) {
        Path missing = dir.resolve("mysqld.sock");
        String url = databases.socketUrl(missing);
        assertThat(DatabaseErrorsTest.describedFailure(url, databases.user(), databases.password()))
                .startsWith("cannot reach the database server")
                .contains(missing.toString())
                .endsWith("(No such file or directory)");
    }
}
