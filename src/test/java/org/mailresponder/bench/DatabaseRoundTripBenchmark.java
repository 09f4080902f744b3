package org.mailresponder.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.TestDatabaseExtension;

/**
 * What one round trip to MariaDB costs in CPU, the client's and the server's, over TCP 127.0.0.1 and over the
 * server's Unix socket, side by side in rounds that alternate: the price of each statement the ledger sends on its
 * own instead of inside a text. A trivial statement ({@code DO 1}) inside a transaction, from 4 threads as the
 * service's workers. Prints figures; asserts nothing about speed. Run with
 * {@code mvn -B test -Pbench -Dtest=DatabaseRoundTripBenchmark} ({@code -Dbench.trips=N} per thread, 20,000).
 */
@Tag("benchmark")
class DatabaseRoundTripBenchmark {

    static final int THREADS = 4;
    static final int TRIPS = Integer.getInteger("bench.trips", 20_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @RegisterExtension
    final TestDatabaseExtension database = TestDatabaseExtension.mariaDb();

    @Test
    void oneRoundTripOverTcpAndOverTheSocket() throws Exception {
        long serverPid;
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@pid_file")) {
            rs.next();
            serverPid = Long.parseLong(Files.readString(Path.of(rs.getString(1))).strip());
        }
        String tcp = database.url();
        String unix = database.socketUrl(database.serverSocket());
        System.out.printf("one round trip (DO 1 in a transaction), %d threads x %d trips, CPU microseconds per trip%n",
                THREADS, TRIPS);
        for (int round = 1; round <= ROUNDS; round++) {
            // the order turns each round, so that neither variant always runs on a warmer JVM
            List<String> order = round % 2 == 1 ? List.of("tcp", "socket") : List.of("socket", "tcp");
            for (String variant : order) {
                measure(round, variant, variant.equals("tcp") ? tcp : unix, serverPid);
            }
        }
    }

    private void measure(int round, String variant, String url, long serverPid) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Path serverStat = Path.of("/proc", String.valueOf(serverPid), "stat");
        double server0 = ServiceProcess.cpuMillis(serverStat);
        long t0 = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<Long>> clientNanos = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            clientNanos.add(threads.submit(() -> {
                try (Connection c = DriverManager.getConnection(url, database.user(), database.password());
                     Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < TRIPS; i++) {
                        s.execute("DO 1");
                    }
                    long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                    c.commit();
                    return cpu;
                }
            }));
        }
        long client = 0;
        for (Future<Long> f : clientNanos) {
            client += f.get();
        }
        threads.shutdown();
        double trips = (double) THREADS * TRIPS;
        System.out.printf("  round %d %-6s: wall %5.1f us/trip, client %5.1f, MariaDB %5.1f (whole server)%n", round,
                variant, (System.nanoTime() - t0) / 1e3 / trips, client / 1e3 / trips,
                (ServiceProcess.cpuMillis(serverStat) - server0) * 1e3 / trips);
    }
}
