package org.mailresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The black-box benchmark's readings, checked on what the real producers write: a GC log written by a JVM that
 * collected, this JVM's own /proc entries, and answers matched to requests by their Message-IDs.
 */
class BenchmarkPartsTest {

    /** Allocates enough to make a 32 MiB heap collect several times; run in a child JVM with GC logging. */
    public static void main(String[] args) {
        byte[][] keep = new byte[8][];
        for (int i = 0; i < 400; i++) {
            keep[i % keep.length] = new byte[1024 * 1024];
        }
        System.out.println(keep.length);
    }

    /**
     * perf trace's summary of the service during a text burst, recorded on this project's benchmark machine
     * (2026-11-26, {@code perf trace -s -p <pid>}): 23 threads, one of them a C1 compiler thread, which is left out.
     * The expected sums were added up with awk from the same file.
     */
    @Test
    void syscallsAreSummedOverThreadsAndGroupedByKind() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(BenchmarkPartsTest.class
                .getResource("/bench/perf-trace-summary-jvm.txt").toURI()));
        Map<String, Long> calls = SyscallCount.calls(lines);
        assertThat(calls).containsEntry("newfstatat", 22471L).containsEntry("futex", 3067L)
                .containsEntry("statx", 2023L).containsEntry("access", 5066L).doesNotContainKey("syscall");
        Map<String, Long> grouped = SyscallCount.grouped(calls);
        assertThat(grouped).containsEntry("total", 67931L).containsEntry("stat and access", 29560L)
                .containsEntry("futex (thread wake-ups)", 3067L);
        assertThat(grouped.entrySet().stream().filter(e -> !e.getKey().equals("total"))
                .mapToLong(Map.Entry::getValue).sum()).isEqualTo(67931L);
    }

    /** G1 (the JVM's own choice here) and Parallel (the launcher's and the image's) write their pauses alike. */
    @ParameterizedTest
    @ValueSource(strings = {"-XX:+UseG1GC", "-XX:+UseParallelGC"})
    void theHeapBeforeAndAfterEachCollectionIsReadFromARealGcLog(String collector, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Process p = new ProcessBuilder(ServiceProcess.javaCommand(), "-Xmx32m", collector,
                "-Xlog:gc:file=" + log + ":uptime", "-cp", System.getProperty("java.class.path"),
                BenchmarkPartsTest.class.getName()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(log);
        long pauses = lines.stream().filter(l -> l.contains("Pause") && l.contains("M->")).count();
        List<ServiceProcess.Gc> gcs = ServiceProcess.collections(log);

        assertThat(pauses).as("the child JVM collected").isGreaterThan(0);
        assertThat(gcs).as("every pause line of:\n" + String.join("\n", lines)).hasSize((int) pauses);
        for (ServiceProcess.Gc gc : gcs) {
            assertThat(gc.kind()).startsWith("Pause");
            assertThat(gc.beforeMiB()).isBetween(1, 32);
            assertThat(gc.afterMiB()).isBetween(0, 32);
            assertThat(gc.committedMiB()).isBetween(1, 32);
            assertThat(gc.uptime()).isPositive();
        }
    }

    @Test
    void cpuTimeOfARunningProcessIsReadFromProc() {
        double before = ServiceProcess.cpuMillis(Path.of("/proc/self/stat"));
        long spin = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += System.nanoTime() % 7;
        }
        double after = ServiceProcess.cpuMillis(Path.of("/proc/self/stat"));
        assertThat(x).isPositive();
        assertThat(after - before).as("a 300 ms spin costs CPU").isGreaterThanOrEqualTo(100);
    }

    @Test
    void theMachinesBusyTimeCountsThisProcessesSpinAndNoMoreThanItsCoresCouldRun() {
        ServiceProcess.MachineCpu before = ServiceProcess.MachineCpu.now();
        long start = System.nanoTime();
        long spin = start + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += System.nanoTime() % 7;
        }
        ServiceProcess.MachineCpu after = ServiceProcess.MachineCpu.now();
        double wallMs = (System.nanoTime() - start) / 1e6;
        assertThat(x).isPositive();
        // /proc/stat counts in 10 ms ticks per core: a tick or two either way
        assertThat(after.busyMs() - before.busyMs()).as("the machine was busy at least while this thread spun")
                .isGreaterThanOrEqualTo(100)
                .isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() * wallMs + 50);
        assertThat(after.stealMs()).isGreaterThanOrEqualTo(before.stealMs());
    }

    @Test
    void aThreadThatEndsBetweenTwoLooksTakesNothingFromItsGroup() throws Exception {
        long pid = ProcessHandle.current().pid();
        // the JVM stops idle compiler threads; one that worked before the burst and ended in it made the JIT share
        // negative when threads were summed by group before the delta
        Thread compiler = spinning("C2 CompilerThread7", 300);
        Map<Long, ServiceProcess.ThreadCpu> before = ServiceProcess.cpuByThread(pid);
        double processBefore = ServiceProcess.cpuMillis(Path.of("/proc/self/stat"));
        compiler.interrupt();
        compiler.join();
        Thread worker = spinning("Camel (bench) thread #1 - worker", 200);
        double processAfter = ServiceProcess.cpuMillis(Path.of("/proc/self/stat"));
        Map<Long, ServiceProcess.ThreadCpu> after = ServiceProcess.cpuByThread(pid);
        worker.interrupt();

        assertThat(tid(before, "jit", 300)).as("a compiler thread is known by its name").isNotEqualTo(-1L);
        Map<String, Double> groups = ServiceProcess.cpuByThreadGroup(before, after, processAfter - processBefore);

        assertThat(groups).containsOnlyKeys(ServiceProcess.THREAD_GROUPS);
        assertThat(groups.get("jit")).as("the ended compiler's 300 ms are not taken off").isGreaterThanOrEqualTo(0.0);
        assertThat(groups.get("camel")).as("the new thread counts from zero").isBetween(150.0, 400.0);
    }

    @Test
    void cpuOfThreadsThatEndedIsWhatTheProcessSpentBeyondTheLiveThreads() {
        var before = Map.of(1L, new ServiceProcess.ThreadCpu("jit", 300),
                2L, new ServiceProcess.ThreadCpu("camel", 100));
        var after = Map.of(2L, new ServiceProcess.ThreadCpu("camel", 250),
                3L, new ServiceProcess.ThreadCpu("gc+vm", 20));

        Map<String, Double> groups = ServiceProcess.cpuByThreadGroup(before, after, 230);

        assertThat(groups).containsExactly(Map.entry("camel", 150.0), Map.entry("jit", 0.0), Map.entry("gc+vm", 20.0),
                Map.entry("other", 0.0), Map.entry("ended", 60.0));
    }

    @Test
    void theMedianOfAnEvenNumberOfRoundsIsTheMeanOfTheMiddleTwo() {
        assertThat(BlackBoxBenchmark.middle(new double[] {834, 996})).isEqualTo(915.0);
        assertThat(BlackBoxBenchmark.middle(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
        assertThat(BlackBoxBenchmark.middle(new double[] {1, 2, 10})).isEqualTo(2.0);
        assertThat(BlackBoxBenchmark.middle(new double[] {7})).isEqualTo(7.0);
        assertThat(BlackBoxBenchmark.middle(new double[0])).isNaN();
    }

    @Test
    void theFileWriteRateIsReadFromFilesItSetsAsideEmptied(@TempDir Path dir) throws Exception {
        DeferredDeletes deferred = new DeferredDeletes();
        String rate = BlackBoxBenchmark.fileWriteRate(dir, deferred);

        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+) MB/s, ([\\d.]+) CPU ms").matcher(rate);
        assertThat(m.find()).as(rate).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
        assertThat(Double.parseDouble(m.group(2))).isPositive();
        List<Path> kept;
        try (var walk = Files.walk(dir)) {
            kept = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(kept).as("the probe's 300 files keep their inodes until the run ends").hasSize(300);
        for (Path f : kept) {
            assertThat(Files.size(f)).as("840 MB of probe data does not stay behind: " + f).isZero();
        }
        deferred.deleteAll();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    /**
     * What a phase is done with is renamed, not deleted (a deleted inode slows the next minutes' file creations on
     * ext4 without a journal): out of the outbox into a folder beside it, where neither the service nor the outbox
     * watch sees it; a round's folder, with what was set aside inside it, likewise; all deleted at the run's end.
     */
    @Test
    void setAsideFilesKeepTheirInodesOutOfTheFolderUntilTheRunEnds(@TempDir Path dir) throws Exception {
        Path round = Files.createDirectories(dir.resolve("v-r1"));
        Path outbox = Files.createDirectories(round.resolve("outbox"));
        Path small = Files.writeString(outbox.resolve("a.eml"), "answer");
        Path big = Files.write(outbox.resolve("b.eml"), new byte[200_000]);
        Object smallInode = Files.getAttribute(small, "unix:ino");
        DeferredDeletes deferred = new DeferredDeletes();

        deferred.setAsideContents(outbox);
        try (var left = Files.list(outbox)) {
            assertThat(left).isEmpty();
        }
        Path aside = round.resolve(".deferred-deletes");
        try (var moved = Files.list(aside)) {
            List<Path> files = moved.toList();
            assertThat(files).hasSize(2);
            Path movedSmall = files.stream().filter(p -> p.toString().endsWith("-a.eml")).findFirst().orElseThrow();
            Path movedBig = files.stream().filter(p -> p.toString().endsWith("-b.eml")).findFirst().orElseThrow();
            assertThat(Files.readString(movedSmall)).isEqualTo("answer");
            assertThat(Files.getAttribute(movedSmall, "unix:ino")).as("renamed, not copied").isEqualTo(smallInode);
            assertThat(Files.size(movedBig)).as("a large file is emptied").isZero();
        }
        assertThat(big).doesNotExist();

        deferred.setAside(round);
        assertThat(round).doesNotExist();
        try (var walk = Files.walk(dir.resolve(".deferred-deletes"))) {
            assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(2);
        }
        deferred.deleteAll();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aVariantNamesItsJarPropertiesJvmFlagsAndFolder(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "not read here");
        Path folder = Files.createDirectories(dir.resolve("on-tmpfs"));

        BlackBoxBenchmark.Variant v = BlackBoxBenchmark.variant(
                "fs=" + jar + ",responder.workers=2," + folder + ",-XX:TieredStopAtLevel=1");

        assertThat(v.name()).isEqualTo("fs");
        assertThat(v.jar()).isEqualTo(jar.toAbsolutePath());
        assertThat(v.properties()).containsExactly(Map.entry("responder.workers", "2"));
        assertThat(v.jvmFlags()).containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(v.folder()).isEqualTo(folder);
        assertThat(v.launcher()).isFalse();
        assertThat(BlackBoxBenchmark.variant("plain=" + jar).folder()).isNull();
        assertThat(BlackBoxBenchmark.variant("cds=" + jar + ",+cds,-XX:TieredStopAtLevel=1").launcher()).isTrue();
        assertThatThrownBy(() -> BlackBoxBenchmark.variant("fs=" + jar + "," + dir.resolve("absent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no folder");
    }

    /**
     * A +cds variant starts through the real launcher with the driver's options as its JAVA_OPTS and its archive in
     * the folder given: the JVM prints the flags it was given ({@code -version} stops it before it reads the jar).
     */
    @Test
    void aCdsVariantStartsTheJvmThroughTheLauncherWithItsOptionsAndItsArchiveFolder(@TempDir Path dir)
            throws Exception {
        Path jar = dir.resolve("empty.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            empty.flush();
        }

        ServiceProcess jvm = ServiceProcess.start(jar, dir, "64m", List.of("-XX:+PrintCommandLineFlags", "-version"),
                Map.of("bench.unused", "1"), dir.resolve("cds"));
        for (int i = 0; i < 600 && jvm.alive(); i++) {
            Thread.sleep(100);
        }

        assertThat(jvm.alive()).isFalse();
        String log = Files.readString(dir.resolve("service.log"));
        assertThat(log).contains("-XX:ArchiveClassesAtExit=" + dir.resolve("cds").toAbsolutePath()
                        + "/mail-responder-", "-XX:MaxHeapSize=67108864", "-XX:+UseParallelGC",
                "-XX:TieredStopAtLevel=1")
                .contains(System.getProperty("java.specification.version"));
        assertThat(Files.list(dir).map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("gc-"));
        assertThatThrownBy(() -> ServiceProcess.launcherOptions(List.of("-Dresponder.smtp.user=a b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot hold a space");
    }

    /**
     * Each round's folder links the run's one installer; setting the round aside must not empty it for the rounds
     * after (it did: every "2 MB" answer after the first round carried an empty attachment).
     */
    @Test
    void aLargeFileWithAnotherNameIsSetAsideWhole(@TempDir Path dir) throws Exception {
        byte[] installer = new byte[300_000];
        new java.util.Random(7).nextBytes(installer);
        Path shared = Files.write(dir.resolve("installer-2mb.exe"), installer);
        Path round = Files.createDirectories(dir.resolve("v-r1/buckets/installers"));
        Files.createLink(round.resolve("installer-2mb.exe"), shared);
        Path answer = Files.write(round.resolve("answer.eml"), new byte[200_000]);

        new DeferredDeletes().setAside(dir.resolve("v-r1"));

        assertThat(Files.readAllBytes(shared)).as("the run's installer, for the next round").isEqualTo(installer);
        assertThat(answer).doesNotExist();
        try (var walk = Files.walk(dir.resolve(".deferred-deletes"))) {
            assertThat(walk.filter(p -> p.toString().endsWith("answer.eml")).map(p -> {
                try {
                    return Files.size(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList()).as("a large file of one name is still emptied").containsExactly(0L);
        }
    }

    @Test
    void theBurstObserverIsTheDriversOwnSettingNamedInAVariant(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "not read here");

        BlackBoxBenchmark.Variant v = BlackBoxBenchmark.variant("q=" + jar + "," + BlackBoxBenchmark.OBSERVER
                + "=timestamps");

        assertThat(BlackBoxBenchmark.quietBursts(v.properties().get(BlackBoxBenchmark.OBSERVER))).isTrue();
        assertThat(BlackBoxBenchmark.quietBursts("inotify")).isFalse();
        assertThat(BlackBoxBenchmark.quietBursts(null)).as("the default").isTrue();
        assertThatThrownBy(() -> BlackBoxBenchmark.variant("q=" + jar + "," + BlackBoxBenchmark.OBSERVER + "=poll"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inotify or timestamps, not poll");
    }

    /**
     * The quiet burst's clock: an answer written well before it is renamed into the outbox is dated by the rename,
     * within the kernel's coarse clock, and a paused watch reports nothing until it resumes.
     */
    @Test
    void anAnswerIsDatedByItsRenameIntoTheOutboxAndAPausedWatchSeesNothing(@TempDir Path dir) throws Exception {
        Path outbox = Files.createDirectories(dir.resolve("outbox"));
        Path written = Files.writeString(dir.resolve(".answer.tmp"), "Subject: x\r\n\r\nbody\r\n");
        try (OutboxWatch watch = new OutboxWatch(outbox)) {
            watch.pause();
            Thread.sleep(300);
            long offset = OutboxWatch.nanoOffset();
            long before = System.nanoTime();
            Path answer = Files.move(written, outbox.resolve("answer.eml"));
            long after = System.nanoTime();

            long handedOff = OutboxWatch.handedOffAt(answer, offset);
            assertThat(handedOff).as("dated by the rename, not by the write 300 ms earlier")
                    .isBetween(before - TimeUnit.MILLISECONDS.toNanos(25), after + TimeUnit.MILLISECONDS.toNanos(25));
            assertThat(watch.next(200, TimeUnit.MILLISECONDS)).as("paused").isNull();

            watch.resume();
            Files.writeString(outbox.resolve("second.eml"), "x");
            OutboxWatch.Arrival seen = watch.next(5, TimeUnit.SECONDS);
            assertThat(seen).isNotNull();
            assertThat(seen.file().getFileName()).hasToString("second.eml");
        }
    }

    /** The id of a live thread of the group with at least so many CPU ms, or -1. */
    private static long tid(Map<Long, ServiceProcess.ThreadCpu> threads, String group, double ms) {
        return threads.entrySet().stream().filter(e -> e.getValue().group().equals(group) && e.getValue().ms() >= ms)
                .map(Map.Entry::getKey).findFirst().orElse(-1L);
    }

    /** A thread of that name that has spent the given CPU ms when this returns, then waits until interrupted. */
    private static Thread spinning(String name, long cpuMs) throws InterruptedException {
        CountDownLatch spent = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            var bean = ManagementFactory.getThreadMXBean();
            long x = 0;
            while (bean.getCurrentThreadCpuTime() < (cpuMs + 20) * 1_000_000L) {
                x += System.nanoTime() % 7;
            }
            spent.countDown();
            try {
                Thread.sleep(60_000 + x % 2);
            } catch (InterruptedException e) {
                // done
            }
        }, name);
        t.start();
        spent.await();
        return t;
    }

    @Test
    void answersAreMatchedToTheirRequestsByMessageId() {
        String id = BenchRequests.messageId("rate300", 1234);
        assertThat(BenchRequests.indexOf("rate300", id)).isEqualTo(1234);
        assertThat(BenchRequests.indexOf("rate30", id)).isEqualTo(-1);
        assertThat(BenchRequests.indexOf("text", null)).isEqualTo(-1);
        String request = new String(BenchRequests.request("text", 7, BenchRequests.TEXT_ADDRESS),
                java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(request).contains("Message-ID: <" + BenchRequests.messageId("text", 7) + ">\r\n")
                .contains("X-Original-To: " + BenchRequests.TEXT_ADDRESS);
    }

    /**
     * Two threads that burn CPU for {@code args[0]} ms: one in this class's own loop over a HashMap (JDK frames under
     * a mail-responder frame), one in Camel's string helper (JDK frames under a Camel frame).
     */
    static final class SpinningChild {
        public static void main(String[] args) throws InterruptedException {
            long until = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
            Thread ours = new Thread(() -> {
                java.util.Map<Integer, Integer> m = new java.util.HashMap<>();
                long i = 0;
                while (System.nanoTime() < until) {
                    m.merge((int) (i++ % 4096), 1, Integer::sum);
                }
                System.out.println(m.size());
            });
            Thread camel = new Thread(() -> {
                long n = 0;
                while (System.nanoTime() < until) {
                    n += org.apache.camel.util.StringHelper.camelCaseToDash("someCamelCaseNameOfAnOption" + n).length();
                }
                System.out.println(n);
            });
            ours.start();
            camel.start();
            System.out.println("spinning");
            ours.join();
            camel.join();
        }
    }

    @Test
    void cpuTimeIsChargedToTheLibraryThatSpentItFromARealAsyncProfilerRecording(@TempDir Path dir) throws Exception {
        if (!one.profiler.AsyncProfilerLoader.isSupported()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but async-profiler does not load on this platform");
            }
            org.junit.jupiter.api.Assumptions.abort("async-profiler does not load on this platform");
        }
        Process child = new ProcessBuilder(ServiceProcess.javaCommand(), "-cp", System.getProperty("java.class.path"),
                SpinningChild.class.getName(), "20000").redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("spinning");
            Thread.sleep(1000); // past the child's start-up and first compilations
            Path stat = Path.of("/proc", String.valueOf(child.pid()), "stat");
            double cpuBefore = ServiceProcess.cpuMillis(stat);
            CpuProfile profile = CpuProfile.start(child.pid(), 1);
            Thread.sleep(1500);
            java.util.Map<String, Double> ms = profile.stop(dir.resolve("child.collapsed"));
            double cpu = ServiceProcess.cpuMillis(stat) - cpuBefore;

            double total = ms.values().stream().mapToDouble(Double::doubleValue).sum();
            assertThat(Files.readAllLines(dir.resolve("child.collapsed"))).as("stacks were written").isNotEmpty();
            assertThat(total).as("samples × interval ≈ the CPU the process used meanwhile (%s ms): %s", cpu, ms)
                    .isBetween(0.6 * cpu, 1.4 * cpu);
            assertThat(ms.getOrDefault("mail-responder", 0.0)).as("the HashMap loop under our frame: %s", ms)
                    .isGreaterThan(0.25 * total);
            assertThat(ms.getOrDefault(CpuProfile.CAMEL, 0.0)).as("String work under Camel's helper: %s", ms)
                    .isGreaterThan(0.25 * total);
            assertThat(CpuProfile.components()).contains("mail-responder", CpuProfile.CAMEL, CpuProfile.JIT);
            assertThat(CpuProfile.component(new String[] {"[w]", "org/mailresponder/dkim/DkimSigning.sign",
                "java/security/Signature.sign", "sun/security/rsa/RSACore.crtCrypt", "libjvm.so"}))
                    .as("the JDK's RSA under our signer").isEqualTo(CpuProfile.CRYPTO);
            assertThat(CpuProfile.component(new String[] {"[w]", "org/apache/camel/component/file/X.commit",
                "org/apache/camel/util/FileUtil.renameFile", "java/io/File.renameTo", "vfs_rename_[k]"}))
                    .as("a rename by Camel's file helper").isEqualTo(CpuProfile.FILE);
            assertThat(CpuProfile.component(new String[] {"[w]", "com/mysql/cj/protocol/a/NativeProtocol.sendCommand",
                "org/newsclub/net/unix/AFSocket$1.write", "org/newsclub/net/unix/NativeUnixSocket.send",
                "/tmp/libjunixsocket-native-2.10.1.so", "unix_stream_sendmsg_[k]"}))
                    .as("a send on the UNIX socket to MariaDB").isEqualTo(CpuProfile.DATABASE_CLIENT);
            assertThat(CpuProfile.component(new String[] {"[C2 CompilerThread0 tid=7]", "Compile::Compile"}))
                    .isEqualTo(CpuProfile.JIT);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void percentilesIgnoreUnansweredRequests() {
        double[] p = BlackBoxBenchmark.percentiles(new double[] {5, Double.NaN, 1, 3, 2, 4}, 0.5, 0.99, 1.0);
        assertThat(p).containsExactly(3.0, 5.0, 5.0);
    }
}
