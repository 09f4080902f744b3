package org.mailresponder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/mail-responder.sh} starts the JVM with the Parallel collector and the C1 compiler alone unless the
 * operator names a collector or a compiler level in JAVA_OPTS or in the variables the JVM reads itself
 * (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS): two collectors stop the JVM, and the launcher's level on the command line
 * would silently win over the operator's in those variables. The real launcher runs the real java: {@code
 * -XX:+PrintCommandLineFlags -version} makes the JVM print the flags it chose and exit before it runs the jar, so the
 * jar only has to be a valid one.
 */
class LauncherJvmFlagsTest {

    @TempDir
    Path dir;

    @Test
    void startsWithTheParallelCollectorByDefault() throws Exception {
        String flags = launch("-Xmx64m -XX:+PrintCommandLineFlags -version", Map.of());
        assertThat(flags).contains("-XX:+UseParallelGC").doesNotContain("-XX:+UseG1GC");
    }

    @Test
    void aCollectorInJavaOptsReplacesIt() throws Exception {
        String flags = launch("-XX:+UseG1GC -XX:+PrintCommandLineFlags -version", Map.of());
        assertThat(flags).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseParallelGC");
        assertThat(launch("-XX:+UseSerialGC -XX:+PrintCommandLineFlags -version", Map.of()))
                .contains("-XX:+UseSerialGC").doesNotContain("-XX:+UseParallelGC");
    }

    /** Parallel's own tuning flags end in "GC" too; they ask for Parallel, not for another collector. */
    @ParameterizedTest
    @ValueSource(strings = {"-XX:+UseMaximumCompactionOnSystemGC", "-XX:+UseAdaptiveSizePolicyWithSystemGC"})
    void parallelsOwnFlagsKeepIt(String flag) throws Exception {
        String flags = launch(flag + " -XX:+PrintCommandLineFlags -version", Map.of());
        assertThat(flags).contains("-XX:+UseParallelGC", flag).doesNotContain("-XX:+UseG1GC");
    }

    /** The image sets JAVA_TOOL_OPTIONS; a collector there and the launcher's would be two, and the JVM would not start. */
    @ParameterizedTest
    @ValueSource(strings = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"})
    void aCollectorInTheVariablesTheJvmReadsItselfReplacesIt(String variable) throws Exception {
        String flags = launch("-XX:+PrintCommandLineFlags -version", Map.of(variable, "-Xss512k -XX:+UseG1GC"));
        assertThat(flags).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseParallelGC");
    }

    @Test
    void startsWithTheC1CompilerAloneByDefault() throws Exception {
        assertThat(launch("-XX:+PrintCommandLineFlags -version", Map.of())).contains("-XX:TieredStopAtLevel=1");
    }

    /**
     * An operator who wants C2 back (a long-lived, warm host) names a level or the tiered switch in any of the three.
     * The switch shows whether the launcher stepped aside in each (its own level would be printed beside it); a level
     * does only where the launcher's flag, coming later on the command line, would win.
     */
    @ParameterizedTest
    @ValueSource(strings = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS"})
    void aCompilerChoiceNamedByTheOperatorReplacesIt(String variable) throws Exception {
        assertThat(launchWith(variable, "-XX:-TieredCompilation"))
                .contains("-XX:-TieredCompilation").doesNotContain("TieredStopAtLevel");
        assertThat(launchWith(variable, "-XX:TieredStopAtLevel=4"))
                .contains("-XX:TieredStopAtLevel=4").doesNotContain("-XX:TieredStopAtLevel=1");
    }

    /** The JVM's flags when {@code options} are in {@code variable} (JAVA_OPTS goes before the printing flags). */
    private String launchWith(String variable, String options) throws IOException, InterruptedException {
        String print = "-XX:+PrintCommandLineFlags -version";
        return variable.equals("JAVA_OPTS") ? launch(options + " " + print, Map.of())
                : launch(print, Map.of(variable, options));
    }

    /** Everything the JVM printed (its flags line, then the version) when started by the launcher. */
    private String launch(String javaOpts, Map<String, String> environment) throws IOException, InterruptedException {
        Path jar = dir.resolve("empty.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        ProcessBuilder pb = new ProcessBuilder("sh", Path.of("deploy/mail-responder.sh").toAbsolutePath().toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("MAIL_RESPONDER_JAR", jar.toString());
        pb.environment().put("MAIL_RESPONDER_CDS", "off");
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("JAVA_OPTS", javaOpts);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().putAll(environment);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
