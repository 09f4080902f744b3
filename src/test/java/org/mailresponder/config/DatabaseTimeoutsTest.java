package org.mailresponder.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.mailresponder.database.DatabaseSetup;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.TcpProxy;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Connector/J timeouts DatabaseSetup sets from responder.db.* reach the driver: a statement already sent on a
 * connection whose path then goes black (the real MariaDB behind a proxy that stops passing bytes) ends with an
 * error after the socket timeout instead of waiting for TCP to give up (hours); and a value in the URL wins.
 */
class DatabaseTimeoutsTest {

    @RegisterExtension
    final TestDatabaseExtension db = TestDatabaseExtension.mariaDb();

    @Test
    void aStatementOnABlackHoledConnectionEndsAfterTheSocketTimeout() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", Integer.parseInt(db.url().replaceAll(".*:(\\d+)/.*", "$1"))).start();
             HikariDataSource ds = DatabaseSetup.dataSource(db.url().replaceAll(":(\\d+)/", ":" + proxy.port() + "/"),
                     db.user(), "", 1, new DatabaseSetup.Timeouts(1000, 1500, 5000));
             Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            proxy.blackHole();
            CompletableFuture<Void> statement = CompletableFuture.runAsync(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 2");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // without a socket timeout this waits for TCP to give up; 60 s only guards the test against hanging
            assertThatThrownBy(() -> statement.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .rootCause().hasMessageContaining("Read timed out");
            proxy.resume();
        }
    }

    @Test
    void aTimeoutWrittenInTheUrlIsLeftAlone() {
        try (HikariDataSource ds = DatabaseSetup.dataSource("jdbc:mysql://127.0.0.1:1/x?socketTimeout=777", "u", "", 1,
                new DatabaseSetup.Timeouts(1000, 2000, 3000))) {
            assertThat(ds.getDataSourceProperties()).containsEntry("connectTimeout", "1000")
                    .doesNotContainKey("socketTimeout");
            assertThat(ds.getConnectionTimeout()).isEqualTo(3000);
        }
        try (HikariDataSource h2 = DatabaseSetup.dataSource("jdbc:h2:mem:t", "sa", "", 1,
                new DatabaseSetup.Timeouts(1000, 2000, 3000))) {
            assertThat(h2.getDataSourceProperties()).as("H2 rejects settings it does not know").isEmpty();
        }
    }
}
