package org.mailresponder.ratelimit;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Message;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;

/**
 * Counts the commands Connector/J sends to the server, each one a round trip (a query text, a prepared statement's
 * execution, a commit), pings apart: the driver hands every outgoing command packet to its query interceptors, the
 * command in its first byte. Pings are HikariCP's, on lending a connection idle for more than half a second: how many
 * depends on the machine's pace, not on what a request costs. It also counts the usual request's texts
 * ({@link UsualDecision}, told by their savepoint) among the statements it sees. Added to a test's JDBC URL with
 * {@code queryInterceptors=} + this class's name.
 */
public class RoundTripCounter implements QueryInterceptor {

    static final AtomicLong COMMANDS = new AtomicLong();
    static final AtomicLong USUAL_TEXTS = new AtomicLong();
    private static final byte COM_PING = 0x0e;

    @Override
    public QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
        return this;
    }

    @Override
    public <M extends Message> M preProcess(M queryPacket) {
        if (queryPacket.getPosition() == 0 || queryPacket.getByteBuffer()[0] != COM_PING) {
            COMMANDS.incrementAndGet();
        }
        return null;
    }

    @Override
    public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
        if (sql.get().contains("SAVEPOINT " + UsualDecision.SAVEPOINT)) {
            USUAL_TEXTS.incrementAndGet();
        }
        return null;
    }

    @Override
    public boolean executeTopLevelOnly() {
        return false;
    }

    @Override
    public void destroy() {
    }

    @Override
    public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
                                               ServerSession serverSession) {
        return null;
    }
}
