package org.mailresponder.app;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz settings for the daily jobs. On MySQL/MariaDB the job store is the clustered JDBC store in the responder's
 * own database (tables from migration V4_2), so each job fires once in the whole cluster and a missed run is made
 * up once after downtime; on H2 (a single embedded instance) the in-memory store is enough.
 */
public final class QuartzSetup {

    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    private QuartzSetup() {
    }

    public static boolean clustered(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:");
    }

    /**
     * @param checkinMillis how often a replica marks itself alive; a replica silent for longer has its jobs
     *                      taken over by the others
     * @param misfireMillis how late a fire time may be before it counts as missed (then it runs once, now)
     */
    public static Properties properties(String jdbcUrl, DataSource dataSource, long checkinMillis, long misfireMillis) {
        Properties p = new Properties();
        // The same name on every replica makes them one cluster; the id tells them apart.
        p.setProperty("org.quartz.scheduler.instanceName", "mail-responder");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(misfireMillis));
        if (!clustered(jdbcUrl)) {
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            return p;
        }
        // Quartz looks its connections up by name; the pool is the service's own, so no second pool is opened.
        String name = "responder-db-" + PROVIDERS.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the service and is closed with it
            }

            @Override
            public void initialize() {
            }
        });
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", name);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinMillis));
        return p;
    }
}
