package org.mailresponder.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a burst spends the service's CPU, from a JFR recording of its execution samples: by thread, by the
 * innermost frame's component (self), by component anywhere on the stack (inclusive) and by the service's own
 * methods (inclusive). Component = the first three package segments of a class, with a few well-known ones named.
 */
final class JfrSummary {

    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("com.mysql.cj", "Connector/J");
        NAMES.put("com.zaxxer.hikari", "HikariCP");
        NAMES.put("org.apache.camel.component.sql", "camel-sql");
        NAMES.put("org.apache.camel.language.simple", "Camel simple language");
        NAMES.put("org.apache.camel.component.bean", "Camel bean binding");
        NAMES.put("org.apache.camel.component.file", "camel-file");
        NAMES.put("org.apache.camel.component.micrometer", "camel-micrometer");
        NAMES.put("org.apache.camel", "Camel (other)");
        NAMES.put("org.apache.james.jdkim", "jDKIM");
        NAMES.put("com.amazon.corretto", "Corretto (RSA)");
        NAMES.put("sun.security.rsa", "JDK RSA");
        NAMES.put("java.math", "JDK BigInteger");
        NAMES.put("io.micrometer", "Micrometer");
        NAMES.put("ch.qos.logback", "logback");
        NAMES.put("org.slf4j", "logback");
        NAMES.put("java.util.regex", "regex");
        NAMES.put("jakarta.mail", "Jakarta Mail");
        NAMES.put("org.eclipse.angus", "Jakarta Mail");
        NAMES.put("com.fasterxml.jackson", "Jackson");
        NAMES.put("java.lang.reflect", "reflection");
        NAMES.put("jdk.internal.reflect", "reflection");
        NAMES.put("java.lang.invoke", "method handles");
        NAMES.put("sun.nio", "file/socket I/O");
        NAMES.put("java.nio", "file/socket I/O");
        NAMES.put("java.io", "file/socket I/O");
        NAMES.put("java.net", "file/socket I/O");
        NAMES.put("sun.security.provider", "JDK digests");
        NAMES.put("java.security", "JDK security");
        NAMES.put("javax.crypto", "JDK crypto");
        NAMES.put("com.sun.crypto", "JDK crypto");
        NAMES.put("org.mailresponder", "mail-responder");
    }

    private JfrSummary() {
    }

    static void print(Path recording, PrintStream out, int top) throws IOException {
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> selfMethods = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                var thread = e.getThread("sampledThread");
                byThread.merge(threadGroup(thread == null ? "?" : thread.getJavaName()), 1, Integer::sum);
                List<RecordedFrame> frames = st.getFrames();
                RecordedFrame top0 = frames.get(0);
                self.merge(component(className(top0)), 1, Integer::sum);
                selfMethods.merge(className(top0) + "." + top0.getMethod().getName(), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                Set<String> seenOurs = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String c = className(f);
                    seen.add(component(c));
                    if (c.startsWith("org.mailresponder.")) {
                        seenOurs.add(c.substring("org.mailresponder.".length()) + "." + f.getMethod().getName());
                    }
                }
                seen.forEach(c -> inclusive.merge(c, 1, Integer::sum));
                seenOurs.forEach(c -> ours.merge(c, 1, Integer::sum));
            }
        }
        out.printf("  JFR execution samples: %d (all threads)%n", samples);
        printTop(out, "by thread", byThread, samples, top);
        printTop(out, "self, by component of the innermost frame", self, samples, top);
        printTop(out, "self, by innermost method", selfMethods, samples, top);
        printTop(out, "inclusive, component anywhere on the stack", inclusive, samples, top);
        printTop(out, "inclusive, mail-responder methods", ours, samples, top);
    }

    private static void printTop(PrintStream out, String title, Map<String, Integer> counts, int samples, int top) {
        out.printf("  -- %s%n", title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> out.printf("     %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }

    private static String className(RecordedFrame f) {
        return f.getMethod() == null || f.getMethod().getType() == null ? "?" : f.getMethod().getType().getName();
    }

    static String component(String className) {
        for (Map.Entry<String, String> e : NAMES.entrySet()) {
            if (className.startsWith(e.getKey() + ".")) {
                return e.getValue();
            }
        }
        String[] parts = className.split("\\.");
        return parts.length <= 3 ? className : parts[0] + "." + parts[1] + "." + parts[2];
    }

    private static String threadGroup(String name) {
        if (name.contains("responder-worker")) {
            return "workers (responder-worker)";
        }
        if (name.contains("file://")) {
            return "maildir poller (file consumer)";
        }
        return name.replaceAll("\\d+", "N");
    }
}
