package org.mailresponder.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler on a plain Camel file consumer: woken by arrivals, and polling by the delay when told not to watch. */
class WakeOnArrivalTest {

    @TempDir
    Path dir;

    private final List<String> taken = new CopyOnWriteArrayList<>();

    @Test
    void anArrivalIsTakenLongBeforeTheDelay() throws Exception {
        try (CamelContext context = consume(true, 600_000)) {
            Awaitility.await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            arrive("a");
            arrive("b");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> taken.size() == 2);
            assertThat(taken).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void withoutWatchingItScansEveryDelay() throws Exception {
        try (CamelContext context = consume(false, 100)) {
            Awaitility.await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            arrive("polled");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> taken.size() == 1);
            assertThat(taken).containsExactly("polled");
        }
    }

    private CamelContext consume(boolean watch, long delayMs) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("wake", new WakeOnArrival(watch));
        Files.createDirectories(dir.resolve("in"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + dir.resolve("in") + "?delete=true&scheduler=#wake&delay=" + delayMs)
                        .process(e -> taken.add(e.getIn().getHeader("CamelFileName", String.class)));
            }
        });
        context.start();
        return context;
    }

    private void arrive(String name) throws Exception {
        Path tmp = Files.writeString(dir.resolve(name), "x");
        Files.move(tmp, dir.resolve("in").resolve(name));
    }
}
