package org.mailresponder.app;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.mailresponder.database.DatabaseSetup;
import org.mailresponder.database.H2AdminServer;

import static org.mailresponder.camel.ContextResources.closeOnStop;

/** The database every other area writes to: one pool, migrated to the current schema before anything uses it. */
public class DatabaseBeans {

    /**
     * The pool, and with the embedded H2 default the loopback server through which admin commands reach the
     * database this process holds open ({@code responder.db.admin-server}).
     */
    @BindToRegistry("dataSource")
    public HikariDataSource dataSource(CamelContext camelContext,
                                       @PropertyInject("responder.db.url") String url,
                                       @PropertyInject("responder.db.user") String user,
                                       @PropertyInject("responder.db.password") String password,
                                       @PropertyInject("responder.db.pool-size") int poolSize,
                                       @PropertyInject("responder.db.connect-timeout") long connectTimeout,
                                       @PropertyInject("responder.db.socket-timeout") long socketTimeout,
                                       @PropertyInject("responder.db.pool-timeout") long poolTimeout,
                                       @PropertyInject("responder.db.admin-server") boolean adminServer,
                                       @PropertyInject("responder.db.admin-port") int adminPort) {
        HikariDataSource dataSource = closeOnStop(camelContext, DatabaseSetup.dataSource(url, user, password, poolSize,
                new DatabaseSetup.Timeouts(connectTimeout, socketTimeout, poolTimeout)));
        DatabaseSetup.migrate(dataSource);
        if (adminServer) {
            H2AdminServer.startIfEmbedded(url, adminPort).ifPresent(server -> closeOnStop(camelContext, server));
        }
        return dataSource;
    }
}
