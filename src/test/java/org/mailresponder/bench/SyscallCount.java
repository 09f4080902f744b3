package org.mailresponder.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system calls a process makes over a stretch of time, counted by {@code perf trace -s} attached to it (its
 * summary: calls per syscall, per thread). Unlike CPU time on a shared virtual machine, the count per answer is the
 * same from run to run for the same jar and the same work, so a change that saves calls shows even when the host's
 * noise hides its CPU. perf attaches to the threads the process has when it starts; the service's workers exist by
 * then (after the warm-up), threads started later are not counted. The JIT's compiler threads are left out: what they
 * do depends on when the JVM compiles, not on the answers (their {@code gettid} calls alone moved by three per answer
 * between two runs of one jar). Tracing makes every syscall slow: a run with it measures counts, not speed.
 */
final class SyscallCount {

    /** Groups printed per answer, each a set of syscall names; what no group names is "other". */
    static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("stat and access", List.of("newfstatat", "statx", "fstat", "stat", "lstat", "access",
                "faccessat", "faccessat2", "readlink", "readlinkat"));
        GROUPS.put("file open, read, write, rename, close", List.of("openat", "open", "read", "write", "pread64",
                "pwrite64", "close", "rename", "renameat", "renameat2", "unlink", "unlinkat", "link", "linkat",
                "getdents64", "lseek", "fsync", "fdatasync", "fallocate", "mkdir", "mkdirat"));
        GROUPS.put("socket send, receive, poll, ioctl", List.of("sendto", "recvfrom", "sendmsg", "recvmsg", "poll",
                "ppoll", "epoll_wait", "epoll_pwait", "epoll_ctl", "ioctl"));
        GROUPS.put("futex (thread wake-ups)", List.of("futex"));
    }

    static final String OTHER = "other";

    /** A syscall's row in perf trace's summary: name, calls, errors, then times. */
    private static final Pattern ROW = Pattern.compile("^\\s+([a-z_0-9]+)\\s+(\\d+)\\s+(\\d+)\\s+[\\d.]+\\s");
    /** A thread's section in the summary: its name (perf cuts it to 15 characters), id, events. */
    private static final Pattern THREAD = Pattern.compile("^ (.+) \\(\\d+\\), \\d+ events");

    private final Process perf;
    private final Path summary;

    private SyscallCount(Process perf, Path summary) {
        this.perf = perf;
        this.summary = summary;
    }

    /** Whether perf trace can count here (perf installed, and allowed to trace other processes). */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("perf", "trace", "-s", "--", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts counting the process's syscalls; the summary goes to {@code summary} when stopped. */
    static SyscallCount start(long pid, Path summary) throws IOException, InterruptedException {
        Path log = summary.resolveSibling(summary.getFileName() + ".log");
        for (int attempt = 1; ; attempt++) {
            Process perf = new ProcessBuilder("perf", "trace", "-s", "-p", String.valueOf(pid), "-o",
                    summary.toAbsolutePath().toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            // attaching to every thread takes a moment; counting late would only miss calls, never add any
            TimeUnit.MILLISECONDS.sleep(500);
            if (perf.isAlive()) {
                return new SyscallCount(perf, summary);
            }
            // a thread that ends while perf attaches to it makes the attach fail: try again
            if (attempt == 3) {
                throw new IOException("perf trace could not attach to process " + pid + " (exit " + perf.exitValue()
                        + "): " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        }
    }

    /** Stops counting (SIGINT, on which perf writes its summary) and returns the calls per syscall name. */
    Map<String, Long> stop() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(perf.pid())).start().waitFor(10, TimeUnit.SECONDS);
        if (!perf.waitFor(60, TimeUnit.SECONDS)) {
            perf.destroyForcibly();
            throw new IOException("perf trace did not stop within 60 s");
        }
        return calls(Files.readAllLines(summary, StandardCharsets.UTF_8));
    }

    /** Calls per syscall name, summed over the threads of perf trace's summary but the JIT's compiler threads. */
    static Map<String, Long> calls(List<String> summaryLines) {
        Map<String, Long> calls = new TreeMap<>();
        boolean compiler = false;
        for (String line : summaryLines) {
            Matcher thread = THREAD.matcher(line);
            if (thread.find()) {
                compiler = thread.group(1).matches("C[12] CompilerThr.*");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!compiler && m.find() && !m.group(1).equals("syscall")) {
                calls.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return calls;
    }

    /** The calls grouped as {@link #GROUPS} (and {@link #OTHER}), plus "total". */
    static Map<String, Long> grouped(Map<String, Long> calls) {
        Map<String, Long> grouped = new LinkedHashMap<>();
        grouped.put("total", calls.values().stream().mapToLong(Long::longValue).sum());
        GROUPS.forEach((group, names) -> grouped.put(group,
                names.stream().mapToLong(n -> calls.getOrDefault(n, 0L)).sum()));
        long named = GROUPS.values().stream().flatMap(List::stream).mapToLong(n -> calls.getOrDefault(n, 0L)).sum();
        grouped.put(OTHER, grouped.get("total") - named);
        return grouped;
    }
}
