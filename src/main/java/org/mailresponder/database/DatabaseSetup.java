package org.mailresponder.database;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool and the schema: H2 on the embedded default, MySQL/MariaDB via Connector/J in production. */
public final class DatabaseSetup {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSetup.class);
    private static final String AFFECTED_ROWS = "useAffectedRows";
    private static final String MULTI_QUERIES = "allowMultiQueries";

    static {
        // Before H2 reads its settings: the embedded default's admin server (H2AdminServer) listens on loopback only.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private DatabaseSetup() {
    }

    /**
     * How long the database may take. A black-holed server (packets dropped, no reset) would otherwise hold a
     * worker in a socket read for as long as TCP keeps the connection, about two hours.
     *
     * @param connectMillis TCP connect to the server (Connector/J {@code connectTimeout})
     * @param socketMillis  any one read from the server, so any one statement (Connector/J {@code socketTimeout})
     * @param poolMillis    wait for a connection from the pool, including opening one (Hikari)
     */
    public record Timeouts(long connectMillis, long socketMillis, long poolMillis) {
    }

    public static HikariDataSource dataSource(String url, String user, String password, int poolSize,
                                              Timeouts timeouts) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("responder-db");
        hc.setConnectionTimeout(Math.max(250, timeouts.poolMillis()));
        // a pooled connection is checked before use; that check must not take the whole wait
        hc.setValidationTimeout(Math.max(250, Math.min(timeouts.poolMillis(), timeouts.socketMillis()) / 2));
        if (isMySql(url)) {
            // Connector/J (MySQL and MariaDB): driver properties override the URL's, so a value the operator
            // wrote into responder.db.url is left alone
            driverDefault(hc, url, "connectTimeout", timeouts.connectMillis());
            driverDefault(hc, url, "socketTimeout", timeouts.socketMillis());
        }
        // H2 (the embedded default) is a file in this process: there is no connection to time out; its own
        // LOCK_TIMEOUT bounds waits for a row lock.
        // Start even when the database is down; readiness reports it and requests wait in the maildir.
        hc.setInitializationFailTimeout(-1);
        if (connectorJ(url)) {
            connectorJStatementReuse(hc);
        }
        return new HikariDataSource(hc);
    }

    /**
     * A pool on the same database whose connections stay out of auto-commit, for work that is always one explicit
     * transaction (the request ledger): each transaction then begins with its first statement and ends with its
     * {@code COMMIT}. On the shared pool, whose connections camel-sql and Quartz use in auto-commit, every transaction
     * cost two more round trips, {@code SET autocommit=0} before and Hikari's reset to 1 after. Not in the registry, so
     * that camel-sql's and the beans' look-up of the one {@code DataSource} stays unambiguous.
     */
    public static HikariDataSource transactionPool(HikariDataSource shared, String name, int poolSize) {
        // What dataSource() sets, copied one by one: HikariConfig.copyStateTo would share the driver properties'
        // object, so the setting below would reach the shared pool too.
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(shared.getJdbcUrl());
        hc.setUsername(shared.getUsername());
        hc.setPassword(shared.getPassword());
        hc.setConnectionTimeout(shared.getConnectionTimeout());
        hc.setValidationTimeout(shared.getValidationTimeout());
        hc.setInitializationFailTimeout(shared.getInitializationFailTimeout());
        shared.getDataSourceProperties().forEach((key, value) -> hc.addDataSourceProperty((String) key, value));
        hc.setPoolName(name);
        hc.setMaximumPoolSize(poolSize);
        hc.setAutoCommit(false);
        if (connectorJ(shared.getJdbcUrl())) {
            // an upsert's update count then tells a changed row (2) from an unchanged one (0), where the default
            // (found rows) says 1 for both and for an insert (reportsChangedRows)
            hc.addDataSourceProperty(AFFECTED_ROWS, "true");
            // the usual request's statements as one text (ratelimit.UsualDecision): two round trips, not seven.
            // Only on this pool, whose few callers pass every value as a parameter (the driver escapes them into a
            // text it prepares on the client). Not where the operator's URL says false: Connector/J lets a property
            // given here override the URL's. Where the URL says true, the property says so too, which is what
            // runsStatementsTogether reads.
            String named = urlValue(shared.getJdbcUrl(), MULTI_QUERIES);
            if (named == null || Boolean.parseBoolean(named)) {
                hc.addDataSourceProperty(MULTI_QUERIES, "true");
            }
        }
        return new HikariDataSource(hc);
    }

    /**
     * Whether an update count from this pool counts only rows the statement changed (Connector/J
     * {@code useAffectedRows}, set on {@link #transactionPool} for MySQL/MariaDB): 0 for a row an upsert left as it
     * was, 1 for an insert, 2 for a changed row.
     */
    public static boolean reportsChangedRows(DataSource dataSource) {
        return dataSource instanceof HikariDataSource h
                && "true".equals(h.getDataSourceProperties().getProperty(AFFECTED_ROWS));
    }

    /** Whether this pool's connections run several statements sent as one text ({@link #transactionPool}). */
    public static boolean runsStatementsTogether(DataSource dataSource) {
        return dataSource instanceof HikariDataSource h
                && "true".equals(h.getDataSourceProperties().getProperty(MULTI_QUERIES));
    }

    static boolean isMySql(String url) {
        return url != null && (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:"));
    }

    /** The URLs the service opens with MySQL Connector/J, whose driver properties are set here. */
    private static boolean connectorJ(String url) {
        return url != null && url.startsWith("jdbc:mysql:");
    }

    private static void driverDefault(HikariConfig hc, String url, String property, long millis) {
        if (urlValue(url, property) == null) {
            hc.addDataSourceProperty(property, String.valueOf(millis));
        }
    }

    /** The value the JDBC URL gives a driver property (names compared ignoring case, as Connector/J does), or null. */
    static String urlValue(String url, String property) {
        String lower = url.toLowerCase(Locale.ROOT);
        String name = property.toLowerCase(Locale.ROOT) + "=";
        for (int at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
            char before = at == 0 ? '?' : url.charAt(at - 1);
            if (before == '?' || before == '&' || before == ';') {
                int end = at + name.length();
                while (end < url.length() && url.charAt(end) != '&' && url.charAt(end) != ';') {
                    end++;
                }
                return url.substring(at + name.length(), end);
            }
        }
        return null;
    }

    /**
     * Connector/J: statements prepared once per connection on the server and reused (the ledger runs the same few on
     * every request), batches sent as one multi-row statement, and no round trip to set what the driver knows is set
     * (auto-commit toggles around each transaction).
     */
    private static void connectorJStatementReuse(HikariConfig hc) {
        hc.addDataSourceProperty("useServerPrepStmts", "true");
        hc.addDataSourceProperty("cachePrepStmts", "true");
        hc.addDataSourceProperty("prepStmtCacheSize", "100");
        hc.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
        hc.addDataSourceProperty("rewriteBatchedStatements", "true");
        hc.addDataSourceProperty("useLocalSessionState", "true");
        hc.addDataSourceProperty("cacheServerConfiguration", "true");
    }

    /**
     * Applies the migrations under {@code db/migration} and the vendor folder ({@code db/vendor/mysql|h2}), unless
     * the database already has exactly these ({@link SchemaCheck}: the usual restart, where Flyway would only find
     * that out, at a cost).
     */
    public static void migrate(DataSource dataSource) {
        List<String> folders;
        try (java.sql.Connection c = dataSource.getConnection()) {
            folders = List.of("db/migration", "db/vendor/" + vendor(c));
            Optional<String> current = SchemaCheck.currentVersion(c, DatabaseSetup.class.getClassLoader(), folders);
            if (current.isPresent()) {
                // DEBUG, as quiet as Flyway on a current schema (org.flywaydb logs at WARN): admin commands share this
                LOG.debug("Database schema is current (version {}): no migration to run", current.get());
                return;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(DatabaseErrors.describe(jdbcUrl(dataSource), e), e);
        }
        Flyway.configure()
                .dataSource(dataSource)
                // Flyway itself does not expand a {vendor} placeholder (that is Spring Boot's), so name the folder.
                .locations(folders.stream().map(f -> "classpath:" + f).toArray(String[]::new))
                .failOnMissingLocations(false)
                .load()
                .migrate();
    }

    private static String jdbcUrl(DataSource dataSource) {
        return dataSource instanceof HikariDataSource h ? h.getJdbcUrl() : null;
    }

    /** {@code mysql} for MySQL and MariaDB (one dialect here), {@code h2}, or the product name in lower case. */
    static String vendor(java.sql.Connection c) throws java.sql.SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("mysql") || product.contains("mariadb") ? "mysql" : product.replace(' ', '-');
    }
}
