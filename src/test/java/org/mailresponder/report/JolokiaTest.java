package org.mailresponder.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.management.ObjectName;

import org.awaitility.Awaitility;
import org.jolokia.client.J4pClient;
import org.jolokia.client.exception.J4pRemoteException;
import org.jolokia.client.request.J4pExecRequest;
import org.jolokia.client.request.J4pReadRequest;
import org.jolokia.client.request.J4pSearchRequest;
import org.jolokia.client.request.J4pSearchResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ServiceProcess;

/**
 * JMX over HTTP as Hawtio uses it, against the service run as operators run it (its own JVM, JMX on): a real Jolokia
 * client reads route statistics from /observe/jolokia on the management port, stops and starts a route, and is
 * refused the JVM's diagnostic commands. The MBeans the README's JMX section names are checked against what is
 * really registered.
 */
class JolokiaTest {

    private static final String ROUTE = "org.apache.camel:context=mail-responder,type=routes,name=\"%s\"";

    @TempDir
    static Path dir;
    private static ServiceProcess service;
    private static J4pClient jolokia;

    @BeforeAll
    static void start() throws Exception {
        ServiceProcess.prepareWorkDir(dir);
        service = ServiceProcess.in(dir).property("responder.rate-limit.hash-key", "test-hash-key-0123456789")
                .property("responder.poll-delay", "50").start().awaitStarted(Duration.ofSeconds(90));
        jolokia = J4pClient.url("http://127.0.0.1:" + service.managementPort() + "/observe/jolokia").build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static long read(String route, String attribute) throws Exception {
        return ((Number) jolokia.execute(new J4pReadRequest(ROUTE.formatted(route), attribute)).getValue()).longValue();
    }

    @Test
    void routeStatisticsAreReadThroughJolokia() throws Exception {
        long before = read("process-request", "ExchangesTotal");
        Path maildir = dir.resolve("data/maildir");
        for (int i = 0; i < 3; i++) {
            Path tmp = maildir.resolve("tmp/jolokia-" + i);
            Files.write(tmp, RequestMail.from("reader" + i + "@client.example").to("get+fa@responder.test")
                    .messageId("<jolokia-" + i + "@client.example>").bytes());
            Files.move(tmp, maildir.resolve("new/jolokia-" + i));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> read("process-request", "ExchangesTotal") == before + 3);
        assertThat(read("process-request", "ExchangesFailed")).isZero();
        assertThat(read("process-request", "MaxProcessingTime")).isPositive();
        assertThat(jolokia.execute(new J4pReadRequest(
                "org.apache.camel:context=mail-responder,type=context,name=\"mail-responder\"", "State")).<String>getValue())
                .isEqualTo("Started");
    }

    @Test
    void aRouteIsStoppedAndStartedThroughJolokiaAsHawtioDoes() throws Exception {
        String ingest = ROUTE.formatted("ingest-maildir");
        jolokia.execute(new J4pExecRequest(ingest, "stop()"));
        assertThat(jolokia.execute(new J4pReadRequest(ingest, "State")).<String>getValue()).isEqualTo("Stopped");
        jolokia.execute(new J4pExecRequest(ingest, "start()"));
        assertThat(jolokia.execute(new J4pReadRequest(ingest, "State")).<String>getValue()).isEqualTo("Started");
    }

    @Test
    void whatWouldStopTheServiceOrWriteFilesIsRefused() throws Exception {
        assertThatThrownBy(() -> jolokia.execute(new J4pExecRequest("com.sun.management:type=DiagnosticCommand",
                "vmVersion()"))).isInstanceOf(J4pRemoteException.class).hasMessageContaining("forbidden");
        assertThatThrownBy(() -> jolokia.execute(new J4pExecRequest(
                "org.apache.camel:context=mail-responder,type=context,name=\"mail-responder\"", "stop()")))
                .isInstanceOf(J4pRemoteException.class).hasMessageContaining("forbidden");
        assertThatThrownBy(() -> jolokia.execute(new org.jolokia.client.request.J4pWriteRequest(
                ROUTE.formatted("ingest-maildir"), "Tracing", true))).isInstanceOf(J4pRemoteException.class);
        assertThat(jolokia.execute(new J4pReadRequest(
                "org.apache.camel:context=mail-responder,type=context,name=\"mail-responder\"", "State")).<String>getValue())
                .isEqualTo("Started");
    }

    /** What the README's JMX section says is there, and is not. */
    @Test
    void theMBeansTheReadmeNamesAreRegistered() throws Exception {
        assertThat(names("org.apache.camel:context=mail-responder,type=routes,*")).contains("process-request",
                "ingest-maildir", "send-once", "stats-flush", "daily-reset", "daily-stats-mail");
        Set<String> pools = names("org.apache.camel:context=mail-responder,type=threadpools,*");
        assertThat(pools).as("thread pools").contains("requestWorkers").noneMatch(n -> n.contains("responder-worker"));
        J4pSearchResponse quartz = jolokia.execute(new J4pSearchRequest("quartz:type=QuartzScheduler,*"));
        assertThat(quartz.getObjectNames()).as("Quartz's own MBeans").isNotEmpty();
        System.out.println("[JolokiaTest] thread pool MBeans: " + pools + "; Quartz: " + quartz.getObjectNames());
    }

    private static Set<String> names(String pattern) throws Exception {
        J4pSearchResponse response = jolokia.execute(new J4pSearchRequest(pattern));
        List<ObjectName> found = response.getObjectNames();
        Set<String> names = new TreeSet<>();
        for (ObjectName n : found) {
            names.add(ObjectName.unquote(n.getKeyProperty("name")));
        }
        return names;
    }
}
