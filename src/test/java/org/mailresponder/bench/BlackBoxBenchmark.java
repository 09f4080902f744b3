package org.mailresponder.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The black-box benchmark: the packaged jar run the way operators run it (MariaDB on 127.0.0.1:3306 in a fresh
 * database of its own, DKIM RSA-2048 signing, outbox delivery, {@code -Xmx512m}), driven only through files in the
 * maildir, properties, processes and {@code /proc} — no class of the service is used, so it keeps measuring
 * whatever the code inside becomes. Several variants (jars and/or property sets) are measured side by side in the
 * same run, in rounds that alternate them, and every figure is printed as min / median / max over the rounds.
 * Run it with {@code bench/run.sh} (see README, Benchmarks).
 */
public final class BlackBoxBenchmark {

    /**
     * A jar, its properties and JVM flags, where its service folders go (null: the run's own folder), and whether it
     * starts through the launcher ({@code deploy/mail-responder.sh}) with its class-data sharing archive, as the
     * deployments do (the archive is recorded by an untimed start before the rounds, so every timed start uses it, as
     * every start after an operator's first); otherwise {@code java -jar}, as README's first command.
     */
    record Variant(String name, Path jar, Map<String, String> properties, List<String> jvmFlags, Path folder,
                   boolean launcher) {
    }

    /**
     * A variant's setting for the driver, not the service: how the bursts' answers are seen. {@code inotify}: each
     * rename into the outbox is read as it happens; {@code timestamps}: nothing watches during the burst, and each
     * answer's hand-off time is read from its file afterwards (the driver's own threads then cost the two cores
     * nothing per answer). The default is {@code timestamps} since the eleventh session: with inotify the driver took
     * 0.18 ms of CPU per answer during the text burst, with time stamps 0.07 ms, most of it after the burst.
     */
    static final String OBSERVER = "bench.burst-observer";

    static boolean quietBursts(String observer) {
        if (observer == null || observer.equals("timestamps")) {
            return true;
        }
        if (observer.equals("inotify")) {
            return false;
        }
        throw new IllegalArgumentException(OBSERVER + " is inotify or timestamps, not " + observer);
    }

    static final class Options {
        int rounds = 3;
        int warmup = 200;
        int burst = 5000;
        int attachmentBurst = 300;
        int smtpBurst = 1000;
        int replayBurst = 1000;
        int sequential = 200;
        int[] rates = {100, 300, 600};
        int rateSeconds = 10;
        String heap = "512m";
        boolean profile;
        boolean cpuProfile;
        /** perf trace's count of the service's and MariaDB's syscalls over the text burst */
        boolean syscalls;
        Path workDir;
        /** the service reaches MariaDB over its Unix socket where the server has one (--db-connection socket) */
        boolean dbOverSocket = true;
        final List<Variant> variants = new ArrayList<>();
    }

    private final Options options;
    private final PrintStream out = System.out;
    private final DatabaseProbe database;
    private final GreenMail smtp;
    private final Path base;
    /** What the run is done with, deleted only at its end ({@link DeferredDeletes}). */
    private final DeferredDeletes deferred;
    private final Path key;
    private final Path installer;
    /** figure name → variant name → one value per round */
    private final Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private BlackBoxBenchmark(Options options, DatabaseProbe database, GreenMail smtp, Path base,
                              DeferredDeletes deferred) throws Exception {
        this.options = options;
        this.database = database;
        this.smtp = smtp;
        this.base = base;
        this.deferred = deferred;
        this.key = base.resolve("dkim.pem");
        run("openssl", "genrsa", "-out", key.toString(), "2048");
        this.installer = base.resolve("installer-2mb.exe");
        byte[] bytes = new byte[2 * 1024 * 1024];
        new Random(2).nextBytes(bytes);
        Files.write(installer, bytes);
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Path base = o.workDir != null ? Files.createDirectories(o.workDir)
                : Files.createTempDirectory("mr-bench-");
        PrintStream out = System.out;
        out.printf("mail-responder black-box benchmark, %s%n", Instant.now());
        out.printf("machine: %d cores, %s; java %s; load at start: %s%n", Runtime.getRuntime().availableProcessors(),
                memTotal(), System.getProperty("java.version"), load());
        out.printf("per variant and round: start on a fresh database, %d warm-up requests, a burst of %d text requests,"
                + " %d of them again as replays, a burst of %d with a 2 MB attachment, %d one at a time, fixed rates %s"
                + " req/s for %d s each, a burst of %d through SMTP to GreenMail, then a restart; -Xmx%s%n", o.warmup,
                o.burst, Math.min(o.replayBurst, o.burst), o.attachmentBurst, o.sequential, Arrays.toString(o.rates),
                o.rateSeconds, o.smtpBurst, o.heap);
        for (Variant v : o.variants) {
            out.printf("variant %-12s %s %s%s%s%s%n", v.name(), v.jar(), v.properties().isEmpty() ? "" : v.properties(),
                    v.jvmFlags().isEmpty() ? "" : " JVM flags " + v.jvmFlags(),
                    v.folder() == null ? "" : " folders in " + v.folder(),
                    v.launcher() ? "; started by deploy/mail-responder.sh with its archive" : "; java -jar");
        }
        double[] opensslStart = opensslSignRates();
        out.printf("OpenSSL RSA-2048 sign/s at start: %.0f on one core, %.0f on two (openssl speed -multi 2)%n",
                opensslStart[0], opensslStart[1]);
        DeferredDeletes deferred = new DeferredDeletes();
        out.printf("file writes at start: %s%n", fileWriteRate(base, deferred));
        long reportedAtStart = reportedToHostKiB();
        if (reportedAtStart >= 0) {
            out.printf("free page reporting is on (a VM guest hands free memory back to its host): memory used again"
                    + " after that costs several times more on its first write; %d MiB reported so far%n",
                    reportedAtStart / 1024);
        }
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Thread cleanupHook = null;
        try (DatabaseProbe db = new DatabaseProbe(o.dbOverSocket)) {
            out.printf("MariaDB server pid %s; %s%n%n", db.serverPid().map(String::valueOf).orElse("unknown"), db.note());
            BlackBoxBenchmark bench = new BlackBoxBenchmark(o, db, smtp, base, deferred);
            // Ctrl-C or SIGTERM: stop the service, drop its database and user, put userstat back
            cleanupHook = new Thread(() -> bench.abort(o.workDir == null), "bench-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanupHook);
            for (Variant v : o.variants) {
                if (v.launcher()) {
                    bench.recordArchive(v);
                }
            }
            for (int round = 1; round <= o.rounds; round++) {
                // the order of variants turns each round, so a load that drifts does not always hit the same one
                for (int i = 0; i < o.variants.size(); i++) {
                    Variant v = o.variants.get((i + round - 1) % o.variants.size());
                    bench.measure(v, round);
                }
            }
            double[] opensslEnd = opensslSignRates();
            out.printf("%nOpenSSL RSA-2048 sign/s at end: %.0f on one core, %.0f on two; load at end: %s%n",
                    opensslEnd[0], opensslEnd[1], load());
            out.printf("file writes at end: %s%n", fileWriteRate(base, deferred));
            if (reportedAtStart >= 0) {
                out.printf("free memory reported to the host during the run: %d MiB%n",
                        (reportedToHostKiB() - reportedAtStart) / 1024);
            }
            bench.summary((opensslStart[1] + opensslEnd[1]) / 2);
        } finally {
            // a failed run has cleaned up through the try blocks already: the hook is for Ctrl-C and SIGTERM only
            if (cleanupHook != null) {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            }
            smtp.stop();
            if (o.workDir == null) {
                deferred.deleteAll();
                DeferredDeletes.deleteTree(base);
            }
        }
    }

    /** The service and database of the run in progress, for {@link #abort}. */
    private volatile ServiceProcess running;
    private volatile DatabaseProbe.Account account;

    private void abort(boolean deleteFolders) {
        try {
            ServiceProcess s = running;
            if (s != null) {
                s.close();
            }
            DatabaseProbe.Account a = account;
            if (a != null) {
                database.drop(a);
            }
            database.close();
            if (deleteFolders) {
                deferred.deleteAll();
                DeferredDeletes.deleteTree(base);
            }
            System.err.println("benchmark interrupted: service stopped, its database dropped, userstat put back");
        } catch (Exception e) {
            System.err.println("benchmark interrupted; clean-up failed: " + e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void measure(Variant v, int round) throws Exception {
        String label = v.name() + " r" + round;
        out.printf("=== %s: load before %s%n", label, load());
        DatabaseProbe.Account account = database.create(v.name());
        this.account = account;
        currentUser = account.user();
        ServiceFolder folder = serviceFolder(v,
                (v.folder() != null ? v.folder() : base).resolve(v.name() + "-r" + round), account);
        Path dir = folder.dir();
        Path maildir = folder.maildir();
        Path outbox = folder.outbox();
        Map<String, String> props = folder.props();
        boolean quietBursts = quietBursts(props.remove(OBSERVER));

        Map<String, Double> f = new LinkedHashMap<>();
        ServiceProcess service = null;
        try (OutboxWatch watch = new OutboxWatch(outbox)) {
            Runner runner = new Runner(maildir, outbox, watch, quietBursts);
            runner.dropNow("cold", 0, BenchRequests.TEXT_ADDRESS);
            service = ServiceProcess.start(v.jar(), dir, options.heap, v.jvmFlags(), props, archives(v));
            running = service;
            OutboxWatch.Arrival first = firstAnswer(watch, service, label, dir);
            if (first == null) {
                throw new IllegalStateException(label + ": no answer within 180 s of start; see " + dir.resolve("service.log"));
            }
            f.put("start-up to first answer, fresh database (s)", (first.nanos() - service.launchedNanos()) / 1e9);
            runner.clearOutbox();

            runner.burst(service, "warm", options.warmup, BenchRequests.TEXT_ADDRESS, false, null, null, null);
            Path jfr = options.profile && round == 1 ? dir.resolve("burst.jfr") : null;
            Path collapsed = options.cpuProfile ? dir.resolve("text-burst.collapsed") : null;
            Burst text = runner.burst(service, "text", options.burst, BenchRequests.TEXT_ADDRESS, true, jfr, collapsed,
                    options.syscalls ? dir : null);
            text.put(f, "text burst", options.burst);
            if (options.syscalls) {
                text.putSyscalls(f, "text burst", options.burst);
            }
            if (collapsed != null) {
                text.putCpuByComponent(f, "text burst", options.burst);
            }
            if (jfr != null) {
                out.printf("  profile of %s's text burst:%n", label);
                JfrSummary.print(jfr, out, 18);
            }
            if (options.replayBurst > 0) {
                // the text burst's first requests again, byte for byte: replays, answered by no one
                int n = Math.min(options.replayBurst, options.burst);
                Burst replays = runner.replays(service, "text", n);
                f.put("replay burst: replays handled/s", n / replays.seconds);
                f.put("replay burst: JVM CPU ms/replay", replays.jvmCpuMs / n);
                f.put("replay burst: DB server CPU ms/replay (/proc, whole server)", replays.serverCpuMs / n);
                f.put("replay burst: DB CPU ms/replay (own connections, userstat)",
                        replays.user.getOrDefault("CPU_TIME", Double.NaN) * 1000 / n);
                f.put("replay burst: rollbacks/replay (own user, userstat)",
                        replays.user.getOrDefault("ROLLBACK_TRANSACTIONS", Double.NaN) / n);
            }
            Path attachmentProfile = options.cpuProfile ? dir.resolve("attachment-burst.collapsed") : null;
            Burst attachment = runner.burst(service, "att", options.attachmentBurst, BenchRequests.ATTACHMENT_ADDRESS,
                    true, null, attachmentProfile, null);
            attachment.put(f, "2 MB attachment burst", options.attachmentBurst);
            if (attachmentProfile != null) {
                attachment.putCpuByComponent(f, "2 MB attachment burst", options.attachmentBurst);
            }
            f.put("2 MB attachment burst: outbox MB/s written", attachment.outboxBytes / 1e6 / attachment.seconds);
            if (attachment.answered > 0 && attachment.outboxBytes / attachment.answered < Files.size(installer)) {
                notes.add(label + ": the 2 MB burst's answers averaged " + attachment.outboxBytes / attachment.answered
                        + " bytes, less than the installer they attach: its figures are not of 2 MB answers");
            }

            double[] seq = runner.sequential(options.sequential);
            f.put("one at a time: p50 ms", seq[0]);
            f.put("one at a time: p90 ms", seq[1]);
            f.put("one at a time: p99 ms", seq[2]);
            for (int rate : options.rates) {
                Paced p = runner.paced(service, rate, options.rateSeconds,
                        options.cpuProfile ? dir.resolve("rate" + rate + ".collapsed") : null);
                String k = "fixed " + rate + " req/s: ";
                f.put(k + "p50 ms", p.p50);
                f.put(k + "p90 ms", p.p90);
                f.put(k + "p99 ms", p.p99);
                f.put(k + "max ms", p.max);
                f.put(k + "answers/s achieved", p.achieved);
                f.put(k + "unanswered after wait", (double) p.unanswered);
                f.put(k + "JVM CPU ms/answer", p.cost.jvmCpuMs / p.answered);
                f.put(k + "DB server CPU ms/answer (/proc, whole server)", p.cost.serverCpuMs / p.answered);
                f.put(k + "driver CPU ms/answer (the benchmark's own JVM)", p.cost.driverCpuMs / p.answered);
                if (options.cpuProfile) {
                    p.cost.putCpuByComponent(f, "fixed " + rate + " req/s", p.answered);
                }
            }
            Burst viaSmtp = runner.smtpBurst(service, options.smtpBurst);
            f.put("SMTP burst to GreenMail: answers/s", viaSmtp.answersPerSecond());
            f.put("SMTP burst: JVM CPU ms/answer", viaSmtp.jvmCpuMs / options.smtpBurst);

            f.put("peak heap over the run, before GC (MiB)", service.collections().stream()
                    .mapToDouble(ServiceProcess.Gc::beforeMiB).max().orElse(Double.NaN));
            f.put("peak RSS over the run, VmHWM (MiB)", service.rssMiB()[0]);
            service.close();
            service = null;

            runner.dropNow("restart", 0, BenchRequests.TEXT_ADDRESS);
            watch.clear();
            service = ServiceProcess.start(v.jar(), dir, options.heap, v.jvmFlags(), props, archives(v));
            running = service;
            OutboxWatch.Arrival again = firstAnswer(watch, service, label + " restart", dir);
            f.put("start-up to first answer, restart (s)", again == null ? Double.NaN
                    : (again.nanos() - service.launchedNanos()) / 1e9);
            service.close();
            service = null;
            int failed = count(maildir.resolve("failed"));
            if (failed > 0) {
                notes.add(label + ": " + failed + " file(s) in failed/ — see " + dir);
            }
        } finally {
            release(service, account);
        }
        f.forEach((name, value) -> figures.computeIfAbsent(name, k -> new LinkedHashMap<>())
                .computeIfAbsent(v.name(), k -> new ArrayList<>()).add(value));
        out.printf("  %s done: text %.0f/s, 2 MB %.0f/s, start-up %.1f s / restart %.1f s; load after %s%n%n", label,
                f.get("text burst: answers/s"), f.get("2 MB attachment burst: answers/s"),
                f.get("start-up to first answer, fresh database (s)"), f.get("start-up to first answer, restart (s)"),
                load());
        if (options.workDir == null) {
            deferred.setAside(dir);
        }
    }

    /** After a start, whatever happened: the service stopped if it still runs, its database and user dropped. */
    private void release(ServiceProcess service, DatabaseProbe.Account account) throws InterruptedException {
        if (service != null) {
            service.close();
        }
        running = null;
        database.drop(account);
        this.account = null;
    }

    /** The variant's archive folder, shared by its rounds; null when it starts as {@code java -jar}. */
    private Path archives(Variant v) {
        return v.launcher() ? base.resolve(v.name() + "-cds") : null;
    }

    /**
     * An untimed start of a +cds variant before its rounds, on a database and folder of its own: it answers one
     * request and stops with SIGTERM, which writes the launcher's archive for the timed starts.
     */
    private void recordArchive(Variant v) throws Exception {
        DatabaseProbe.Account account = database.create(v.name());
        this.account = account;
        ServiceFolder folder = serviceFolder(v, base.resolve(v.name() + "-cds-record"), account);
        Path dir = folder.dir();
        Map<String, String> props = folder.props();
        props.remove(OBSERVER);
        ServiceProcess service = null;
        try (OutboxWatch watch = new OutboxWatch(folder.outbox())) {
            new Runner(folder.maildir(), folder.outbox(), watch, true).dropNow("record", 0, BenchRequests.TEXT_ADDRESS);
            service = ServiceProcess.start(v.jar(), dir, options.heap, v.jvmFlags(), props, archives(v));
            running = service;
            OutboxWatch.Arrival first = firstAnswer(watch, service, v.name() + " recording its archive", dir);
            if (first == null) {
                throw new IllegalStateException(v.name() + ": no answer within 180 s of the start that records the"
                        + " launcher's archive; see " + dir.resolve("service.log"));
            }
            long launched = service.launchedNanos();
            service.close();
            service = null;
            try (var archive = Files.list(archives(v))) {
                if (archive.noneMatch(f -> f.getFileName().toString().endsWith(".jsa"))) {
                    throw new IllegalStateException(v.name() + ": the launcher recorded no archive in " + archives(v)
                            + "; see " + dir.resolve("service.log"));
                }
            }
            out.printf("%s: the launcher's archive recorded (that start: %.1f s to the first answer)%n", v.name(),
                    (first.nanos() - launched) / 1e9);
        } finally {
            release(service, account);
        }
        if (options.workDir == null) {
            deferred.setAside(dir);
        }
    }

    /** A service's folder, its maildir and outbox, and its settings. */
    private record ServiceFolder(Path dir, Path maildir, Path outbox, Map<String, String> props) {
    }

    /**
     * Creates and fills a service's folder (maildir, outbox, the shared installer, the answer config) with its
     * settings: the run's database and SMTP sink, DKIM, then the variant's own properties.
     */
    private ServiceFolder serviceFolder(Variant v, Path folder, DatabaseProbe.Account account) throws IOException {
        Path dir = Files.createDirectories(folder);
        Path maildir = dir.resolve("maildir");
        for (String sub : List.of("new", "cur", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        Files.createDirectories(dir.resolve("buckets/installers"));
        try {
            Files.createLink(dir.resolve("buckets/installers/installer-2mb.exe"), installer);
        } catch (IOException e) {
            // the variant's folder is on another file system
            Files.copy(installer, dir.resolve("buckets/installers/installer-2mb.exe"));
        }
        Files.writeString(dir.resolve("responder.json"), BenchRequests.config());
        Map<String, String> props = new LinkedHashMap<>();
        props.put("responder.maildir", maildir.toString());
        props.put("responder.outbox", outbox.toString());
        props.put("responder.data-dir", dir.resolve("data").toString());
        props.put("responder.config", dir.resolve("responder.json").toString());
        props.put("responder.buckets-dir", dir.resolve("buckets").toString());
        props.put("responder.db.url", account.url());
        props.put("responder.db.user", account.user());
        props.put("responder.db.password", account.password());
        props.put("responder.rate-limit.hash-key", "bench-hash-key-0123456789abcdef");
        // a fifth of the benchmark's senders share one small domain, whose daily cap (200 answer mails) a run passes
        // after some 1,000 requests: from then on they would be refused, not answered. A variant may set it again.
        props.put("responder.rate-limit.domain-daily-cap", "0");
        props.put("responder.from", "get@" + BenchRequests.DOMAIN);
        props.put("responder.complaints-address", "complaints@" + BenchRequests.DOMAIN);
        props.put("responder.admin-addresses", "admin@" + BenchRequests.DOMAIN);
        props.put("responder.stats.recipient", "");
        props.put("responder.dkim.sign.key-file", key.toString());
        props.put("responder.dkim.sign.selector", "bench");
        props.put("responder.smtp.host", "127.0.0.1");
        props.put("responder.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        props.put("camel.management.port", String.valueOf(org.mailresponder.testing.ResponderRouteTest.freePort()));
        // a variant's own database URL (another socket, another driver option) names the run's database as {database}
        v.properties().forEach((k, value) -> props.put(k, value.replace("{database}", account.database())));
        return new ServiceFolder(dir, maildir, outbox, props);
    }

    /**
     * The first answer after a start, or null after 180 s; a JVM that exits meanwhile (a bad variant flag, a broken
     * jar) fails the run at once with what it printed, instead of after the whole wait.
     */
    private static OutboxWatch.Arrival firstAnswer(OutboxWatch watch, ServiceProcess service, String label, Path dir)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            OutboxWatch.Arrival a = watch.next(1, TimeUnit.SECONDS);
            if (a != null) {
                return a;
            }
            if (!service.alive()) {
                Path log = dir.resolve("service.log");
                String tail = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                tail = tail.substring(Math.max(0, tail.length() - 2000));
                throw new IllegalStateException(label + ": the service exited before answering; " + log + ":\n" + tail);
            }
        }
        return null;
    }

    /** What one burst cost, from outside. */
    final class Burst {
        double seconds;
        double jvmCpuMs;
        double serverCpuMs;
        double driverCpuMs;
        /** the whole machine's busy and stolen CPU ms (/proc/stat), whoever spent it */
        double machineCpuMs;
        double stealMs;
        Map<String, Double> threads = Map.of();
        Map<String, Double> global = new LinkedHashMap<>();
        Map<String, Double> user = new LinkedHashMap<>();
        /** async-profiler's CPU ms by component over the burst, when profiled */
        Map<String, Double> cpuByComponent = Map.of();
        /** perf trace's calls per syscall over the burst, of the service and of MariaDB, when counted */
        Map<String, Long> jvmSyscalls;
        Map<String, Long> dbSyscalls;
        double[] latency = {Double.NaN, Double.NaN, Double.NaN};
        double peakHeap = Double.NaN;
        double liveHeap = Double.NaN;
        double gcPauseMs;
        long outboxBytes;
        int answered;

        /** What the service and the database spent between two snapshots. */
        void costs(Snapshot before, Snapshot after) {
            jvmCpuMs = after.jvmCpu - before.jvmCpu;
            serverCpuMs = after.serverCpu - before.serverCpu;
            driverCpuMs = after.driverCpu - before.driverCpu;
            machineCpuMs = after.machine.busyMs() - before.machine.busyMs();
            stealMs = after.machine.stealMs() - before.machine.stealMs();
            threads = ServiceProcess.cpuByThreadGroup(before.threads, after.threads, jvmCpuMs);
            after.global.forEach((k, val) -> global.put(k, val - before.global.getOrDefault(k, 0.0)));
            after.user.forEach((k, val) -> user.put(k, val - before.user.getOrDefault(k, 0.0)));
        }

        double answersPerSecond() {
            return answered / seconds;
        }

        /**
         * What else the machine spent while the service answered: kernel threads (page cache writeback, the file
         * system's journal), other processes, and CPU the hypervisor took away; idle time is the two cores' time
         * that is left, so it shows where the service did not keep both cores busy.
         */
        void putMachine(Map<String, Double> f, String name, int n) {
            f.put(name + ": rest of the machine's CPU ms/answer (/proc/stat less JVM, DB server, driver)",
                    (machineCpuMs - jvmCpuMs - serverCpuMs - driverCpuMs) / n);
            f.put(name + ": CPU ms/answer stolen by the hypervisor (/proc/stat steal)", stealMs / n);
            // the snapshots bracket a little more than the burst (its last answer to the driver's last look at new/),
            // in which the cores are mostly idle: counted against the burst's own window, idle is a lower bound
            double coresMs = Runtime.getRuntime().availableProcessors() * seconds * 1000;
            f.put(name + ": idle CPU ms/answer, first rename to last answer (cores' time less busy and stolen)",
                    Math.max(0, coresMs - machineCpuMs - stealMs) / n);
        }

        void putCpuByComponent(Map<String, Double> f, String name, int n) {
            for (String component : CpuProfile.components()) {
                f.put(name + ": CPU ms/answer by innermost library frame, " + component,
                        cpuByComponent.getOrDefault(component, 0.0) / n);
            }
        }

        void putSyscalls(Map<String, Double> f, String name, int n) {
            putSyscalls(f, name + ": syscalls/answer, JVM, ", jvmSyscalls, n);
            putSyscalls(f, name + ": syscalls/answer, MariaDB, ", dbSyscalls, n);
        }

        /** Every group's row even for a process not counted (MariaDB's pid unknown: NaN), so variants line up. */
        private static void putSyscalls(Map<String, Double> f, String prefix, Map<String, Long> calls, int n) {
            Map<String, Long> grouped = SyscallCount.grouped(calls == null ? Map.of() : calls);
            grouped.forEach((group, count) -> f.put(prefix + group, calls == null ? Double.NaN : (double) count / n));
        }

        void put(Map<String, Double> f, String name, int n) {
            f.put(name + ": answers/s", answersPerSecond());
            f.put(name + ": JVM CPU ms/answer", jvmCpuMs / n);
            f.put(name + ": DB server CPU ms/answer (/proc, whole server)", serverCpuMs / n);
            f.put(name + ": driver CPU ms/answer (the benchmark's own JVM)", driverCpuMs / n);
            putMachine(f, name, n);
            f.put(name + ": DB CPU ms/answer (own connections, userstat)", user.getOrDefault("CPU_TIME", Double.NaN) * 1000 / n);
            f.put(name + ": commits/request (Handler_commit, server-wide)", global.getOrDefault("Handler_commit", Double.NaN) / n);
            f.put(name + ": commits/request (own user, userstat)", user.getOrDefault("COMMIT_TRANSACTIONS", Double.NaN) / n);
            f.put(name + ": statements/request (Com_*, server-wide)", (global.getOrDefault("Com_insert", 0.0)
                    + global.getOrDefault("Com_update", 0.0) + global.getOrDefault("Com_select", 0.0)
                    + global.getOrDefault("Com_delete", 0.0) + global.getOrDefault("Com_replace", 0.0)) / n);
            f.put(name + ": statements/request (own user, userstat)", (user.getOrDefault("SELECT_COMMANDS", Double.NaN)
                    + user.getOrDefault("UPDATE_COMMANDS", Double.NaN) + user.getOrDefault("OTHER_COMMANDS", Double.NaN)) / n);
            f.put(name + ": InnoDB fsyncs/request (Innodb_data_fsyncs, server-wide)", global.getOrDefault("Innodb_data_fsyncs", Double.NaN) / n);
            f.put(name + ": InnoDB row lock waits/request (Innodb_row_lock_waits)", global.getOrDefault("Innodb_row_lock_waits", Double.NaN) / n);
            f.put(name + ": InnoDB row lock wait ms/request (Innodb_row_lock_time)", global.getOrDefault("Innodb_row_lock_time", Double.NaN) / n);
            double total = threads.values().stream().mapToDouble(Double::doubleValue).sum();
            threads.forEach((g, ms) -> f.put(name + ": JVM CPU share, " + g + " threads (%)", 100 * ms / total));
            f.put(name + ": p50 ms rename->hand-off", latency[0]);
            f.put(name + ": p99 ms rename->hand-off", latency[2]);
            f.put(name + ": peak heap before GC (MiB)", peakHeap);
            f.put(name + ": max heap after GC (MiB)", liveHeap);
            f.put(name + ": GC pause total (ms)", gcPauseMs);
        }
    }

    /**
     * Latency at a fixed arrival rate, and what the phase cost the service, MariaDB and the driver (CPU ms, by
     * component when profiled) for its {@code answered} answers (at least 1, to divide by).
     */
    record Paced(double p50, double p90, double p99, double max, double achieved, int unanswered, int answered,
                 Burst cost) {
    }

    /** Drops requests into the maildir and collects their answers. */
    private final class Runner {
        private final Path maildir;
        private final Path outbox;
        private final OutboxWatch watch;
        /** Bursts seen by {@link #settle} instead of {@link #collect} (the variant's {@link BlackBoxBenchmark#OBSERVER}). */
        private final boolean quietBursts;

        Runner(Path maildir, Path outbox, OutboxWatch watch, boolean quietBursts) {
            this.maildir = maildir;
            this.outbox = outbox;
            this.watch = watch;
            this.quietBursts = quietBursts;
        }

        /** Written to tmp/ first: the phase then only renames, as Postfix's delivery does at the end. */
        List<Path[]> prepare(String tag, int n, String to) throws IOException {
            List<Path[]> files = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = "1764108000.M" + i + "P" + tag + ".bench";
                Path tmp = maildir.resolve("tmp").resolve(name);
                Files.write(tmp, BenchRequests.request(tag, i, to));
                files.add(new Path[] {tmp, maildir.resolve("new").resolve(name)});
            }
            return files;
        }

        void dropNow(String tag, int index, String to) throws IOException {
            Path[] f = prepare(tag, 1, to).get(0);
            Files.move(f[0], f[1], StandardCopyOption.ATOMIC_MOVE);
        }

        /** @param syscallDir where perf trace's summaries go when syscalls are counted over this burst, else null */
        Burst burst(ServiceProcess service, String tag, int n, String to, boolean measure, Path jfr,
                Path collapsed, Path syscallDir) throws Exception {
            List<Path[]> files = prepare(tag, n, to);
            clearOutbox();
            Burst b = new Burst();
            if (jfr != null) {
                service.startProfile(jfr);
            }
            CpuProfile cpu = collapsed != null ? CpuProfile.start(service.pid(), 1) : null;
            SyscallCount jvmCalls = syscallDir != null
                    ? SyscallCount.start(service.pid(), syscallDir.resolve(tag + "-burst-jvm.syscalls")) : null;
            SyscallCount dbCalls = syscallDir != null && database.serverPid().isPresent()
                    ? SyscallCount.start(database.serverPid().get(), syscallDir.resolve(tag + "-burst-mariadb.syscalls"))
                    : null;
            Snapshot before = measure ? snapshot(service) : null;
            if (quietBursts) {
                watch.pause();
            }
            long[] renamed = new long[n];
            for (int i = 0; i < n; i++) {
                renamed[i] = System.nanoTime();
                Files.move(files.get(i)[0], files.get(i)[1], StandardCopyOption.ATOMIC_MOVE);
            }
            List<OutboxWatch.Arrival> arrivals = quietBursts
                    ? settle(n, renamed[n - 1], Math.max(120, n / 10))
                    : collect(n, renamed[n - 1], Math.max(120, n / 10));
            long end = arrivals.isEmpty() ? System.nanoTime() : arrivals.get(arrivals.size() - 1).nanos();
            Snapshot after = measure ? snapshot(service) : null;
            if (jfr != null) {
                service.stopProfile();
            }
            if (cpu != null) {
                b.cpuByComponent = cpu.stop(collapsed);
            }
            if (jvmCalls != null) {
                b.jvmSyscalls = jvmCalls.stop();
            }
            if (dbCalls != null) {
                b.dbSyscalls = dbCalls.stop();
            }
            b.answered = arrivals.size();
            b.seconds = (end - renamed[0]) / 1e9;
            if (b.answered < n) {
                notes.add(tag + " burst: only " + b.answered + " of " + n + " answered in time");
            }
            awaitHandled();
            if (measure) {
                b.costs(before, after);
                b.latency = percentiles(latencies(tag, renamed, arrivals), 0.5, 0.9, 0.99);
                double from = service.uptimeAt(renamed[0]);
                double to2 = service.uptimeAt(end);
                List<ServiceProcess.Gc> gcs = service.collections().stream()
                        .filter(g -> g.uptime() >= from && g.uptime() <= to2).toList();
                b.peakHeap = gcs.stream().mapToDouble(ServiceProcess.Gc::beforeMiB).max().orElse(Double.NaN);
                b.liveHeap = gcs.stream().mapToDouble(ServiceProcess.Gc::afterMiB).max().orElse(Double.NaN);
                b.gcPauseMs = gcs.stream().mapToDouble(ServiceProcess.Gc::pauseMs).sum();
                for (OutboxWatch.Arrival a : arrivals) {
                    b.outboxBytes += Files.size(a.file());
                }
            }
            clearOutbox();
            return b;
        }

        /** Requests already answered, dropped again at once: the time until new/ is empty, and the CPU they cost. */
        Burst replays(ServiceProcess service, String tag, int n) throws Exception {
            List<Path[]> files = prepare(tag, n, BenchRequests.TEXT_ADDRESS);
            Snapshot before = snapshot(service);
            long start = System.nanoTime();
            for (Path[] f : files) {
                Files.move(f[0], f[1], StandardCopyOption.ATOMIC_MOVE);
            }
            awaitHandled();
            Burst b = new Burst();
            b.seconds = (System.nanoTime() - start) / 1e9;
            b.costs(before, snapshot(service));
            if (count(outbox) > 0) {
                notes.add(tag + " replays: " + count(outbox) + " answered again");
            }
            clearOutbox();
            return b;
        }

        Burst smtpBurst(ServiceProcess service, int n) throws Exception {
            List<Path[]> files = prepare("smtp", n, BenchRequests.SMTP_ADDRESS);
            smtp.purgeEmailFromAllMailboxes();
            Snapshot before = snapshot(service);
            long start = System.nanoTime();
            for (Path[] f : files) {
                Files.move(f[0], f[1], StandardCopyOption.ATOMIC_MOVE);
            }
            boolean all = smtp.waitForIncomingEmail(Math.max(120_000L, n * 100L), n);
            long end = System.nanoTime();
            Snapshot after = snapshot(service);
            Burst b = new Burst();
            b.answered = smtp.getReceivedMessages().length;
            b.seconds = (end - start) / 1e9;
            b.costs(before, after);
            if (!all) {
                notes.add("SMTP burst: only " + b.answered + " of " + n + " reached GreenMail in time");
            }
            awaitHandled();
            smtp.purgeEmailFromAllMailboxes();
            return b;
        }

        double[] sequential(int n) throws Exception {
            List<Path[]> files = prepare("seq", n, BenchRequests.TEXT_ADDRESS);
            clearOutbox();
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                Files.move(files.get(i)[0], files.get(i)[1], StandardCopyOption.ATOMIC_MOVE);
                OutboxWatch.Arrival a = watch.next(30, TimeUnit.SECONDS);
                ms[i] = a == null ? Double.NaN : (a.nanos() - t) / 1e6;
                // a short pause, as between real requests, so each one finds the service idle
                Thread.sleep(20);
            }
            awaitHandled();
            clearOutbox();
            return percentiles(ms, 0.5, 0.9, 0.99);
        }

        /** @param collapsed where async-profiler's stacks of the phase go when it is profiled, else null */
        Paced paced(ServiceProcess service, int rate, int seconds, Path collapsed) throws Exception {
            int n = rate * seconds;
            String tag = "rate" + rate;
            List<Path[]> files = prepare(tag, n, BenchRequests.TEXT_ADDRESS);
            clearOutbox();
            Snapshot before = snapshot(service);
            CpuProfile cpu = collapsed != null ? CpuProfile.start(service.pid(), 1) : null;
            long[] renamed = new long[n];
            long t0 = System.nanoTime() + 50_000_000L;
            long interval = 1_000_000_000L / rate;
            for (int i = 0; i < n; i++) {
                long due = t0 + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                renamed[i] = System.nanoTime();
                Files.move(files.get(i)[0], files.get(i)[1], StandardCopyOption.ATOMIC_MOVE);
            }
            List<OutboxWatch.Arrival> arrivals = collect(n, renamed[n - 1], Math.max(60, n / 20));
            Burst cost = new Burst();
            cost.costs(before, snapshot(service));
            if (cpu != null) {
                cost.cpuByComponent = cpu.stop(collapsed);
            }
            double[] lat = latencies(tag, renamed, arrivals);
            double[] p = percentiles(lat, 0.5, 0.9, 0.99, 1.0);
            long last = arrivals.isEmpty() ? t0 : arrivals.get(arrivals.size() - 1).nanos();
            double lag = (renamed[n - 1] - (t0 + (n - 1) * interval)) / 1e6;
            if (lag > 100) {
                notes.add(tag + ": the driver fell " + Math.round(lag) + " ms behind its schedule (machine busy)");
            }
            awaitHandled();
            clearOutbox();
            return new Paced(p[0], p[1], p[2], p[3], arrivals.size() / ((last - renamed[0]) / 1e9), n - arrivals.size(),
                    Math.max(1, arrivals.size()), cost);
        }

        /**
         * The quiet way to see a burst's answers: nothing watches while the service works; the driver looks at new/
         * five times a second until it is empty (each request leaves it after its hand-off), then reads each answer's
         * hand-off time from the file ({@link OutboxWatch#handedOffAt}), in hand-off order.
         */
        private List<OutboxWatch.Arrival> settle(int n, long lastRename, int waitSeconds)
                throws InterruptedException, IOException {
            try {
                awaitNewEmpty(lastRename + waitSeconds * 1_000_000_000L, 200);
                long nanoOffset = OutboxWatch.nanoOffset();
                List<OutboxWatch.Arrival> got = new ArrayList<>(n);
                try (var answers = Files.list(outbox)) {
                    for (Path a : (Iterable<Path>) answers::iterator) {
                        if (!a.getFileName().toString().startsWith(".")) {
                            got.add(new OutboxWatch.Arrival(a, OutboxWatch.handedOffAt(a, nanoOffset)));
                        }
                    }
                }
                got.sort(Comparator.comparingLong(OutboxWatch.Arrival::nanos));
                return got;
            } finally {
                // the phases after a burst see their answers through the watch
                watch.resume();
            }
        }

        private List<OutboxWatch.Arrival> collect(int n, long lastRename, int waitSeconds) throws InterruptedException {
            List<OutboxWatch.Arrival> got = new ArrayList<>(n);
            long deadline = lastRename + waitSeconds * 1_000_000_000L;
            while (got.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                OutboxWatch.Arrival a = watch.next(left, TimeUnit.NANOSECONDS);
                if (a != null) {
                    got.add(a);
                }
            }
            if (watch.overflowed()) {
                notes.add("inotify overflowed: some latencies are missing");
            }
            return got;
        }

        /** Rename-to-hand-off of every answered request, in ms (NaN for unanswered ones). */
        private double[] latencies(String tag, long[] renamed, List<OutboxWatch.Arrival> arrivals) {
            double[] ms = new double[renamed.length];
            Arrays.fill(ms, Double.NaN);
            for (OutboxWatch.Arrival a : arrivals) {
                int i = BenchRequests.indexOf(tag, OutboxWatch.inReplyTo(a.file()));
                if (i >= 0 && i < renamed.length) {
                    ms[i] = (a.nanos() - renamed[i]) / 1e6;
                }
            }
            return ms;
        }

        /** Waits until every request has left new/ (the move to cur/ follows the hand-off). */
        private void awaitHandled() throws InterruptedException {
            awaitNewEmpty(System.nanoTime() + 120_000_000_000L, 50);
            watch.clear();
        }

        /** Until new/ is empty or the deadline ({@link System#nanoTime()}) passes, looking every {@code pollMs}. */
        private void awaitNewEmpty(long deadline, long pollMs) throws InterruptedException {
            while (count(maildir.resolve("new")) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(pollMs);
            }
        }

        void clearOutbox() throws IOException {
            deferred.setAsideContents(outbox);
            watch.clear();
        }
    }

    private record Snapshot(double jvmCpu, Map<Long, ServiceProcess.ThreadCpu> threads, double serverCpu,
                            Map<String, Double> global, Map<String, Double> user, double driverCpu,
                            ServiceProcess.MachineCpu machine) {
    }

    private Snapshot snapshot(ServiceProcess service) throws Exception {
        return new Snapshot(service.cpuMillis(), service.cpuByThread(), database.serverCpuMillis(),
                database.global(), database.user(currentUser), driverCpuMillis(), ServiceProcess.MachineCpu.now());
    }

    /** This driver's own CPU time: it shares the two cores with the service and MariaDB. */
    static double driverCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
    }

    /** The database user of the service being measured: its userstat counters are the service's alone. */
    private String currentUser;

    // ---------------------------------------------------------------------------------------------------------

    private void summary(double twoCoreSignRate) {
        List<String> names = figures.values().stream().findFirst().map(m -> List.copyOf(m.keySet())).orElse(List.of());
        out.printf("%n=== Summary: min / median / max over %d round(s) ===%n", options.rounds);
        out.printf("%-80s", "figure");
        for (Variant v : options.variants) {
            out.printf(" | %-24s", v.name());
        }
        out.println();
        for (Map.Entry<String, Map<String, List<Double>>> e : figures.entrySet()) {
            out.printf("%-80s", e.getKey());
            for (Variant v : options.variants) {
                out.printf(" | %-24s", spread(e.getValue().getOrDefault(v.name(), List.of())));
            }
            out.println();
        }
        out.printf("%nGoals (issue 10) against this run's two-core OpenSSL RSA-2048 sign rate, %.0f/s (mean of start and"
                + " end):%n", twoCoreSignRate);
        for (Variant v : options.variants) {
            double text = median(figures, "text burst: answers/s", v.name());
            double att = median(figures, "2 MB attachment burst: answers/s", v.name());
            out.printf("  %-12s text %.0f/s = %.1f %% of the sign rate (goal >= 13 %% = %.0f/s); 2 MB attachment %.0f/s"
                    + " = %.2f %% (goal >= 2.6 %% = %.0f/s); p99 at 300 req/s %.0f ms (goal < 50); one at a time"
                    + " p50 %.0f ms (goal < 10); peak heap in the text burst %.0f MiB (goal <= 256); restart %.1f s"
                    + " (goal < 3%s)%n", v.name(), text, 100 * text / twoCoreSignRate, 0.13 * twoCoreSignRate, att,
                    100 * att / twoCoreSignRate, 0.026 * twoCoreSignRate,
                    median(figures, "fixed 300 req/s: p99 ms", v.name()), median(figures, "one at a time: p50 ms", v.name()),
                    median(figures, "text burst: peak heap before GC (MiB)", v.name()),
                    median(figures, "start-up to first answer, restart (s)", v.name()),
                    v.launcher() ? ", with the launcher's archive" : "; java -jar, no archive: the goal is the"
                            + " launcher's, a +cds variant");
        }
        // CPU per answer besides the signature is steadier from machine to machine than a share of OpenSSL's rate:
        // RSA scales with OpenSSL, the file system, the JIT and the database do not
        double budget = 2000 / (0.13 * twoCoreSignRate);
        double signature = 2000 / twoCoreSignRate;
        out.printf("%nCPU ms per text answer, JVM + MariaDB server, medians (the 13 %% goal allows %.2f ms on two cores;"
                + " one RSA-2048 signature at OpenSSL's rate is %.2f ms):%n", budget, signature);
        for (Variant v : options.variants) {
            double jvm = median(figures, "text burst: JVM CPU ms/answer", v.name());
            double db = median(figures, "text burst: DB server CPU ms/answer (/proc, whole server)", v.name());
            out.printf("  %-12s %.2f + %.2f = %.2f; besides a signature at OpenSSL's rate %.2f%n", v.name(), jvm, db,
                    jvm + db, jvm + db - signature);
        }
        if (!notes.isEmpty()) {
            out.println();
            out.println("Notes:");
            notes.forEach(n -> out.println("  " + n));
        }
        if (names.isEmpty()) {
            out.println("(no figures)");
        }
    }

    private static double median(Map<String, Map<String, List<Double>>> figures, String name, String variant) {
        List<Double> v = figures.getOrDefault(name, Map.of()).getOrDefault(variant, List.of());
        return middle(v.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray());
    }

    /**
     * The median of sorted values: with an even number of rounds the mean of the two in the middle (the upper one of
     * them, as printed before the tenth session, made every two-round median the better round's figure).
     */
    static double middle(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String spread(List<Double> values) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (s.length == 0) {
            return "-";
        }
        return fmt(s[0]) + " / " + fmt(middle(s)) + " / " + fmt(s[s.length - 1]);
    }

    private static String fmt(double d) {
        double a = Math.abs(d);
        return a >= 100 ? String.format("%.0f", d) : a >= 10 ? String.format("%.1f", d) : String.format("%.2f", d);
    }

    static double[] percentiles(double[] values, double... ps) {
        double[] s = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            out[i] = s.length == 0 ? Double.NaN : s[Math.min(s.length - 1, (int) Math.ceil(ps[i] * s.length) - 1 < 0
                    ? 0 : (int) Math.ceil(ps[i] * s.length) - 1)];
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** {one core, two cores} RSA-2048 signatures per second, from the machine's own OpenSSL. */
    static double[] opensslSignRates() throws IOException, InterruptedException {
        return new double[] {openssl(false), openssl(true)};
    }

    /**
     * How fast this machine writes files of an attachment answer's size into the page cache, one thread, the files
     * set aside after ({@link DeferredDeletes}): the 2 MB burst is mostly this copy. On a virtual machine that hands free memory back to its host
     * (free page reporting), the first write into such memory costs several times a later one (430–854 MB/s against
     * 1.4–4.7 GB/s seen on one), so a 2 MB figure means little without it.
     */
    static String fileWriteRate(Path dir, DeferredDeletes deferred) throws IOException {
        int files = 300;
        ByteBuffer data = ByteBuffer.allocateDirect(2_800_000);
        var bean = ManagementFactory.getThreadMXBean();
        Path folder = Files.createDirectories(dir.resolve("write-rate"));
        long cpu0 = bean.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < files; i++) {
            try (FileChannel ch = FileChannel.open(folder.resolve(i + ".eml"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                data.rewind();
                while (data.hasRemaining()) {
                    ch.write(data);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (bean.getCurrentThreadCpuTime() - cpu0) / 1e6;
        deferred.setAside(folder);
        return String.format("%.0f MB/s, %.2f CPU ms per 2.8 MB file (%d files written into the page cache, then"
                + " set aside)", files * 2.8 / seconds, cpuMs / files, files);
    }

    private static final Path REPORTED_KIB = Path.of("/sys/module/page_reporting/parameters/reported_kib");

    /** KiB of free memory this guest has reported to its host (Linux free page reporting), or -1 without it. */
    static long reportedToHostKiB() {
        try {
            return Long.parseLong(Files.readString(REPORTED_KIB).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double openssl(boolean twoCores) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "speed", "-seconds", "3"));
        if (twoCores) {
            cmd.addAll(List.of("-multi", "2"));
        }
        cmd.add("rsa2048");
        String output = run(cmd.toArray(String[]::new));
        Matcher m = Pattern.compile("(?m)^rsa\\s+2048 bits\\s+\\S+\\s+\\S+\\s+([\\d.]+)").matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + output);
        }
        return output;
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " (1/5/15 min)";
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "?";
        }
    }

    private static int count(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var s = Files.list(dir)) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--variant" -> {
                    o.variants.add(variant(value));
                    i++;
                }
                case "--rounds" -> { o.rounds = Integer.parseInt(value); i++; }
                case "--warmup" -> { o.warmup = Integer.parseInt(value); i++; }
                case "--burst" -> { o.burst = Integer.parseInt(value); i++; }
                case "--attachment-burst" -> { o.attachmentBurst = Integer.parseInt(value); i++; }
                case "--smtp-burst" -> { o.smtpBurst = Integer.parseInt(value); i++; }
                case "--replay-burst" -> { o.replayBurst = Integer.parseInt(value); i++; }
                case "--sequential" -> { o.sequential = Integer.parseInt(value); i++; }
                case "--rates" -> {
                    o.rates = Arrays.stream(value.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
                    i++;
                }
                case "--rate-seconds" -> { o.rateSeconds = Integer.parseInt(value); i++; }
                case "--heap" -> { o.heap = value; i++; }
                case "--profile" -> o.profile = true;
                case "--cpu-profile" -> o.cpuProfile = true;
                case "--syscalls" -> o.syscalls = true;
                case "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                case "--keep" -> { o.workDir = Path.of(value); i++; }
                case "--db-connection" -> {
                    if (!value.equals("socket") && !value.equals("tcp")) {
                        throw new IllegalArgumentException("--db-connection is socket or tcp, not " + value);
                    }
                    o.dbOverSocket = value.equals("socket");
                    i++;
                }
                case "--quick" -> {
                    o.rounds = 1;
                    o.warmup = 50;
                    o.burst = 300;
                    o.attachmentBurst = 30;
                    o.smtpBurst = 100;
                    o.replayBurst = 100;
                    o.sequential = 20;
                    o.rateSeconds = 2;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (o.variants.isEmpty()) {
            o.variants.add(variant("current=target/mail-responder.jar,+cds"));
        }
        if (o.syscalls && !SyscallCount.available()) {
            throw new IllegalArgumentException("--syscalls needs Linux perf (Debian package linux-perf) and the right"
                    + " to trace other processes (root, or kernel.perf_event_paranoid <= 1): `perf trace -s -- true`"
                    + " failed here");
        }
        return o;
    }

    static final String USAGE = """
            options: --variant NAME=JAR[,property=value...][,-JVMFLAG...][,/FOLDER][,+cds] (repeat; default current=target/mail-responder.jar,+cds;
                         /FOLDER: the variant's maildir, outbox and data go there, e.g. on another file system;
                         +cds: started by deploy/mail-responder.sh (its C1 and Parallel collector unless a flag names
                         others) with its class-data sharing archive, recorded by an untimed start before the rounds,
                         as deployments run it; otherwise java -jar with the JVM's own defaults;
                         {database} in a property's value is the run's database, e.g. in responder.db.url)
                     --rounds N (3) --warmup N (200) --burst N (5000) --attachment-burst N (300) --smtp-burst N (1000)
                     --replay-burst N (1000; the text burst's first N again, as replays; 0 = none)
                     --sequential N (200) --rates R1,R2,... (100,300,600) --rate-seconds S (10) --heap SIZE (512m)
                     --profile (JFR of the first round's text burst)
                     --cpu-profile (async-profiler on every round's text and attachment bursts and fixed rates: CPU ms per answer by component)
                     --syscalls (perf trace on every round's text burst: the service's and MariaDB's syscalls per answer by kind)
                     --keep DIR (keep run folders there) --quick
                     --db-connection socket (default: over the server's Unix socket where it has one, else TCP) | tcp
                   a variant's bench.burst-observer=timestamps (default) | inotify: how bursts' answers are seen""";

    static Variant variant(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--variant NAME=JAR[,property=value...][,-JVMFLAG...][,/FOLDER][,+cds], not "
                    + spec);
        }
        String[] parts = spec.substring(eq + 1).split(",");
        Map<String, String> props = new LinkedHashMap<>();
        List<String> jvmFlags = new ArrayList<>();
        Path folder = null;
        boolean launcher = false;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("+cds")) {
                launcher = true;
                continue;
            }
            if (parts[i].startsWith("-")) {
                jvmFlags.add(parts[i]);
                continue;
            }
            if (parts[i].startsWith("/")) {
                folder = Path.of(parts[i]);
                if (!Files.isDirectory(folder)) {
                    throw new IllegalArgumentException("variant " + spec.substring(0, eq) + ": no folder " + folder);
                }
                continue;
            }
            int e = parts[i].indexOf('=');
            props.put(parts[i].substring(0, e), parts[i].substring(e + 1));
        }
        quietBursts(props.get(OBSERVER));
        Path jar = Path.of(parts[0]).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("variant " + spec.substring(0, eq) + ": no jar at " + jar);
        }
        return new Variant(spec.substring(0, eq), jar, props, List.copyOf(jvmFlags), folder, launcher);
    }
}
