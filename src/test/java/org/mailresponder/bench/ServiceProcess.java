package org.mailresponder.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar run as an operator runs it ({@code java -Xmx512m -jar mail-responder.jar} in its own working
 * directory, settings as {@code -D}; or the deployments' launcher with the same options), plus what the benchmark
 * reads about it from outside: CPU time and peak RSS from {@code /proc}, and heap before and after each collection
 * from the JVM's GC log.
 */
final class ServiceProcess implements AutoCloseable {

    /** CPU ticks per second of /proc's utime and stime ({@code getconf CLK_TCK}; 100 on Linux x86-64). */
    static final double TICKS = 100.0;

    private static final Pattern GC_LINE = Pattern.compile(
            "^\\[(\\d+\\.\\d+)s].*GC\\(\\d+\\) (Pause.*?) (\\d+)M->(\\d+)M\\((\\d+)M\\) (\\d+\\.\\d+)ms");

    private final Process process;
    private final long launchedNanos;
    private final Path gcLog;

    private ServiceProcess(Process process, long launchedNanos, Path gcLog) {
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.gcLog = gcLog;
    }

    /** The launcher the deployments start the jar with, from the project's root (where bench/run.sh runs the driver). */
    static final Path LAUNCHER = Path.of("deploy", "mail-responder.sh");

    /**
     * @param archives null: {@code java -jar}; else start through {@link #LAUNCHER} with its class-data sharing archive
     *                 in this folder (a start that finds none records one, written as it stops; the starts after use it)
     */
    static ServiceProcess start(Path jar, Path workDir, String heap, List<String> jvmFlags,
                                Map<String, String> properties, Path archives) throws IOException {
        Path gcLog = workDir.resolve("gc-" + System.nanoTime() + ".log");
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-Xlog:gc:file=" + gcLog + ":uptime"));
        options.addAll(jvmFlags);
        properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
        ProcessBuilder pb;
        if (archives != null) {
            pb = new ProcessBuilder("sh", LAUNCHER.toAbsolutePath().toString());
            Map<String, String> env = pb.environment();
            env.put("MAIL_RESPONDER_JAR", jar.toAbsolutePath().toString());
            env.put("MAIL_RESPONDER_CDS", archives.toAbsolutePath().toString());
            env.put("JAVA", javaCommand());
            env.put("JAVA_OPTS", launcherOptions(options));
        } else {
            List<String> cmd = new ArrayList<>(List.of(javaCommand()));
            cmd.addAll(options);
            cmd.add("-jar");
            cmd.add(jar.toAbsolutePath().toString());
            pb = new ProcessBuilder(cmd);
        }
        pb.directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("service.log").toFile()));
        long t0 = System.nanoTime();
        // the launcher execs java, so the process is the JVM itself: /proc and jcmd read the service, not a shell
        return new ServiceProcess(pb.start(), t0, gcLog);
    }

    /** The JVM options as the launcher's JAVA_OPTS, which the shell splits at spaces (so none may hold one). */
    static String launcherOptions(List<String> options) {
        for (String option : options) {
            if (option.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a +cds variant passes its options through the launcher's JAVA_OPTS,"
                        + " which cannot hold a space: " + option);
            }
        }
        return String.join(" ", options);
    }

    /** The java that runs this benchmark (the same JDK for the service and for jcmd). */
    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    long pid() {
        return process.pid();
    }

    long launchedNanos() {
        return launchedNanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** JVM uptime in seconds at {@code nanoTime} (approximately: from the launch call). */
    double uptimeAt(long nanoTime) {
        return (nanoTime - launchedNanos) / 1e9;
    }

    /** user + system CPU of the whole process, in ms. */
    double cpuMillis() {
        return cpuMillis(Path.of("/proc", String.valueOf(pid()), "stat"));
    }

    static double cpuMillis(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime); f[0] is field 3
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * The whole machine's CPU ms so far from /proc/stat, over all cores: busy (user, nice, system, irq, softirq; a
     * guest's time is inside user) and stolen (the hypervisor ran something else on a core this machine wanted).
     */
    record MachineCpu(double busyMs, double stealMs) {

        static MachineCpu now() {
            // the first line only: the rest (a line per core, the interrupt counts) is long and not needed
            try (BufferedReader stat = Files.newBufferedReader(Path.of("/proc/stat"))) {
                String[] f = stat.readLine().trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal ...
                long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]);
                return new MachineCpu(busy * 1000 / TICKS, Long.parseLong(f[8]) * 1000 / TICKS);
            } catch (IOException | RuntimeException e) {
                return new MachineCpu(Double.NaN, Double.NaN);
            }
        }
    }

    /** One thread's group and CPU ms so far. */
    record ThreadCpu(String group, double ms) {
    }

    /**
     * CPU ms so far of every live thread, by thread id. A burst's share per group is taken thread by thread: summed
     * by group first, a compiler thread the JVM stops during the burst (it starts and ends them with the queue) took
     * its whole life's CPU out of the "after" sum and showed as a negative share.
     */
    Map<Long, ThreadCpu> cpuByThread() {
        return cpuByThread(pid());
    }

    static Map<Long, ThreadCpu> cpuByThread(long pid) {
        Map<Long, ThreadCpu> threads = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    double ms = cpuMillis(task.resolve("stat"));
                    if (!Double.isNaN(ms)) {
                        threads.put(Long.parseLong(task.getFileName().toString()), new ThreadCpu(group(comm), ms));
                    }
                } catch (IOException | RuntimeException e) {
                    // a thread that ended while we listed
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return threads;
    }

    /** Thread groups in the order the benchmark prints them; "ended" is CPU of threads gone before the second look. */
    static final List<String> THREAD_GROUPS = List.of("camel", "jit", "gc+vm", "other", "ended");

    /**
     * CPU ms per thread group between two looks: each thread's own delta (a thread that started in between counts
     * from zero); what the process spent beyond the live threads' deltas went to threads that ended in between.
     */
    static Map<String, Double> cpuByThreadGroup(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after,
                                                double processCpuMs) {
        Map<String, Double> groups = new LinkedHashMap<>();
        THREAD_GROUPS.forEach(g -> groups.put(g, 0.0));
        double live = 0;
        for (Map.Entry<Long, ThreadCpu> e : after.entrySet()) {
            ThreadCpu then = before.get(e.getKey());
            double delta = e.getValue().ms() - (then == null ? 0 : then.ms());
            groups.merge(e.getValue().group(), delta, Double::sum);
            live += delta;
        }
        // per-thread figures are in whole clock ticks, as the process's: a few ms either way is rounding
        groups.put("ended", Math.max(0, processCpuMs - live));
        return groups;
    }

    private static String group(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")
                || comm.startsWith("VM Periodic")) {
            return "gc+vm";
        }
        // Camel names its threads "Camel (mail-responder) thread #N - name"; Linux keeps 15 characters
        if (comm.startsWith("Camel")) {
            return "camel";
        }
        return "other";
    }

    /** Peak and current resident set size (VmHWM, VmRSS) in MiB. */
    double[] rssMiB() {
        double hwm = Double.NaN;
        double rss = Double.NaN;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                } else if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return new double[] {hwm, rss};
    }

    /** One collection from the GC log: JVM uptime (s), heap before and after (MiB), pause (ms). */
    record Gc(double uptime, String kind, int beforeMiB, int afterMiB, int committedMiB, double pauseMs) {
    }

    List<Gc> collections() {
        return collections(gcLog);
    }

    /** The collections in a JVM unified-logging GC log ({@code -Xlog:gc:file=…:uptime}). */
    static List<Gc> collections(Path gcLog) {
        List<Gc> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    out.add(new Gc(Double.parseDouble(m.group(1)), m.group(2).trim(), Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                            Double.parseDouble(m.group(6))));
                }
            }
        } catch (IOException e) {
            // no log yet
        }
        return out;
    }

    /** Starts a JFR recording with the JDK's "profile" settings (jcmd, from outside). */
    void startProfile(Path file) throws IOException, InterruptedException {
        jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + file);
    }

    void stopProfile() throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=bench");
    }

    private void jcmd(String... args) throws IOException, InterruptedException {
        Path java = Path.of(javaCommand());
        List<String> cmd = new ArrayList<>(List.of(java.resolveSibling("jcmd").toString(), String.valueOf(pid())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** SIGTERM, as an operator stops the service; SIGKILL if it has not exited within a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
