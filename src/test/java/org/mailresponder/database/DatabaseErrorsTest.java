package org.mailresponder.database;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator reads when the database cannot be used, from real failed connections. */
class DatabaseErrorsTest {

    @Test
    void aServerThatIsNotListeningIsSaidToRefuseWithThePasswordLeftOut() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // nothing listens on the port any more
        String url = "jdbc:mysql://127.0.0.1:" + port + "/responder?password=secret";
        assertThat(describedFailure(url, "responder", ""))
                .isEqualTo("cannot reach the database server jdbc:mysql://127.0.0.1:" + port
                        + "/responder?password=***: Communications link failure (Connection refused)");
    }

    /** What an operator reads when the service's pool on that URL cannot give a connection (1 s timeouts). */
    static String describedFailure(String url, String user, String password) {
        try (HikariDataSource pool = DatabaseSetup.dataSource(url, user, password, 1,
                new DatabaseSetup.Timeouts(1000, 1000, 1000));
             Connection c = pool.getConnection()) {
            throw new AssertionError("connected to " + url + " (valid: " + c.isValid(1) + ")");
        } catch (SQLException e) {
            return DatabaseErrors.describe(url, e);
        }
    }
}
