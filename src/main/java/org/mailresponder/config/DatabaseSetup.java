package org.mailresponder.config;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** The connection pool and the schema: H2 on the embedded default, MySQL/MariaDB via Connector/J in production. */
public final class DatabaseSetup {

    static {
        // Before H2 reads its settings: the embedded default's admin server (H2AdminServer) listens on loopback only.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private DatabaseSetup() {
    }

    public static HikariDataSource dataSource(String url, String user, String password, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("responder-db");
        hc.setConnectionTimeout(5000);
        // Start even when the database is down; readiness reports it and requests wait in the maildir.
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }

    /** Applies the migrations under {@code db/migration} and the vendor folder ({@code db/vendor/mysql|h2}). */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                // Flyway itself does not expand a {vendor} placeholder (that is Spring Boot's), so name the folder.
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor(dataSource))
                .failOnMissingLocations(false)
                .load()
                .migrate();
    }

    private static String jdbcUrl(DataSource dataSource) {
        return dataSource instanceof HikariDataSource h ? h.getJdbcUrl() : null;
    }

    /** {@code mysql} for MySQL and MariaDB (one dialect here), {@code h2}, or the product name in lower case. */
    static String vendor(DataSource dataSource) {
        try (java.sql.Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
            return product.contains("mysql") || product.contains("mariadb") ? "mysql" : product.replace(' ', '-');
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(DatabaseErrors.describe(jdbcUrl(dataSource), e), e);
        }
    }
}
