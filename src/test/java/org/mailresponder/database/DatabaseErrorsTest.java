package org.mailresponder.database;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        try (HikariDataSource pool = DatabaseSetup.dataSource(url, "responder", "", 1,
                new DatabaseSetup.Timeouts(1000, 1000, 1000))) {
            assertThatThrownBy(() -> {
                try (Connection c = pool.getConnection()) {
                    c.isValid(1);
                }
            }).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(DatabaseErrors.describe(url, e))
                            .isEqualTo("cannot reach the database server jdbc:mysql://127.0.0.1:" + port
                                    + "/responder?password=***: Communications link failure (Connection refused)"));
        }
    }
}
