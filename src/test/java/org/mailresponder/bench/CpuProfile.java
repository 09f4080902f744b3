package org.mailresponder.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import one.profiler.AsyncProfilerLoader;

/**
 * CPU time of the service by the library that spent it, from async-profiler attached to its process (cpu event: one
 * sample per interval of CPU time, native and kernel frames included, which JFR does not see). Each sample is
 * charged to the innermost frame of a library: JDK, native and kernel frames below it count for the library that
 * called them (a socket write under Connector/J is Connector/J's; a HashMap look-up under Camel's pipeline is
 * Camel's), except the JDK's RSA, digests and MACs, which count as crypto whoever calls them, and Camel's file
 * helpers, which count as camel-file. A stack with no library frame at all (compiler threads, GC, the JVM's own
 * threads) is charged to its thread group. So "Camel" is what running the routes costs beside the work the routes
 * call, measured the same way for any jar.
 */
final class CpuProfile {

    static final String FILE = "camel-file (with Camel's file helpers)";
    static final String CAMEL = "Camel routing (engine, EIPs, bean, simple, micrometer)";
    static final String CRYPTO = "DKIM and crypto (jDKIM, RSA, digests)";
    static final String DATABASE_CLIENT = "Connector/J + HikariCP";
    static final String OTHER_LIBRARIES = "other libraries";
    static final String JIT = "JIT compilers";
    static final String GC = "GC";
    static final String JVM = "JVM and JDK only (no library frame)";

    /** Library prefixes (class names with '/'), the first that matches names the component; order matters. */
    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("org/apache/camel/component/sql/", "camel-sql");
        COMPONENTS.put("org/apache/camel/component/file/", FILE);
        // the file component's renames, deletes and path helpers: file-system work, not routing
        COMPONENTS.put("org/apache/camel/util/FileUtil.", FILE);
        COMPONENTS.put("org/apache/camel/util/IOHelper.", FILE);
        COMPONENTS.put("org/apache/camel/component/micrometer/", CAMEL);
        COMPONENTS.put("org/apache/camel/component/", "Camel components (other)");
        COMPONENTS.put("org/apache/camel/", CAMEL);
        COMPONENTS.put("io/micrometer/", CAMEL);
        COMPONENTS.put("com/mysql/", DATABASE_CLIENT);
        COMPONENTS.put("com/zaxxer/hikari/", DATABASE_CLIENT);
        // the UNIX socket the driver reaches MariaDB over (the socketFactory in responder.db.url): its native sends
        // and receives are the database connection's I/O, as a TCP socket's are under Connector/J's own frames
        COMPONENTS.put("org/newsclub/net/", DATABASE_CLIENT);
        COMPONENTS.put("org/apache/james/jdkim/", CRYPTO);
        COMPONENTS.put("com/amazon/corretto/", CRYPTO);
        // the JDK's own RSA, digests and MACs count as crypto whoever calls them
        COMPONENTS.put("sun/security/", CRYPTO);
        COMPONENTS.put("com/sun/crypto/", CRYPTO);
        COMPONENTS.put("java/math/BigInteger", CRYPTO);
        COMPONENTS.put("org/mailresponder/", "mail-responder");
        COMPONENTS.put("ch/qos/logback/", "logging");
        COMPONENTS.put("org/slf4j/", "logging");
        COMPONENTS.put("org/apache/james/mime4j/", "parsing (mime4j, Jakarta Mail)");
        COMPONENTS.put("jakarta/mail/", "parsing (mime4j, Jakarta Mail)");
        COMPONENTS.put("org/eclipse/angus/", "parsing (mime4j, Jakarta Mail)");
    }

    /** Frames that are not a library's: the JDK's classes (charged to their caller). */
    private static final List<String> JDK = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");

    private final long pid;
    private final long intervalNanos;

    private CpuProfile(long pid, long intervalNanos) {
        this.pid = pid;
        this.intervalNanos = intervalNanos;
    }

    /** Starts sampling the process: one sample per {@code intervalMs} of CPU time of any of its threads. */
    static CpuProfile start(long pid, int intervalMs) throws IOException {
        CpuProfile p = new CpuProfile(pid, intervalMs * 1_000_000L);
        p.profiler("start", "-e", "cpu", "-i", intervalMs + "ms", "-t");
        return p;
    }

    /** Stops sampling and writes the stacks (collapsed: one line per stack, its sample count last). */
    Map<String, Double> stop(Path collapsed) throws IOException {
        profiler("stop", "-o", "collapsed", "-f", collapsed.toAbsolutePath().toString());
        return msByComponent(Files.readAllLines(collapsed, StandardCharsets.UTF_8), intervalNanos);
    }

    /** Runs asprof on the process; ap-loader throws, with asprof's message, when it exits non-zero. */
    private void profiler(String... args) throws IOException {
        String[] withPid = Arrays.copyOf(args, args.length + 1);
        withPid[args.length] = String.valueOf(pid);
        AsyncProfilerLoader.executeProfiler(withPid);
    }

    /** Milliseconds of CPU per component, from collapsed stacks sampled every {@code intervalNanos} of CPU. */
    static Map<String, Double> msByComponent(List<String> collapsedLines, long intervalNanos) {
        Map<String, Double> ms = new TreeMap<>();
        for (String line : collapsedLines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            ms.merge(component(frames), samples * intervalNanos / 1e6, Double::sum);
        }
        return ms;
    }

    /** The innermost library frame's component, else the thread's group (frames[0] is the thread with -t). */
    static String component(String[] frames) {
        for (int i = frames.length - 1; i >= 1; i--) {
            String f = frames[i];
            // native and kernel frames (no '/', or a library path, or a [k] suffix)
            if (!f.contains("/") || f.startsWith("/") || f.startsWith("[") || f.endsWith("_[k]")) {
                continue;
            }
            String named = COMPONENTS.entrySet().stream().filter(e -> f.startsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (named != null) {
                return named;
            }
            if (JDK.stream().noneMatch(f::startsWith)) {
                return OTHER_LIBRARIES;
            }
        }
        return threadGroup(frames[0]);
    }

    private static String threadGroup(String thread) {
        if (thread.contains("Compiler")) {
            return JIT;
        }
        if (thread.contains("GC") || thread.contains("G1")) {
            return GC;
        }
        return JVM;
    }

    /** Every component a sample can be charged to, in the order the benchmark prints them. */
    static List<String> components() {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(COMPONENTS.values()));
        all.addAll(List.of(OTHER_LIBRARIES, JIT, GC, JVM));
        return all;
    }
}
