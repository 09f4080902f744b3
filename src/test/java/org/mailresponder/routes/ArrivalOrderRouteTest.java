package org.mailresponder.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under a backlog requests are taken oldest first, and the poller never does a worker's job: with one worker and a
 * queue of one, a few hundred requests waiting in new/ (written in an order that is neither their arrival order nor
 * their name order, named in reverse arrival order) are handed to process-request in arrival order, always on a
 * worker thread, with no more of them in memory than the worker, the queue and the one the scan is handing over;
 * every one ends in cur/. The scans follow each other without waiting the poll delay while a backlog is left.
 */
class ArrivalOrderRouteTest extends ResponderRouteTest {

    private static final int REQUESTS = 300;
    private static final int WORKERS = 1;
    private static final int QUEUE = 1;

    /** Who took each request into process-request, in hand-off order. */
    private final List<String> handedOff = Collections.synchronizedList(new ArrayList<>());
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger mostInMemory = new AtomicInteger();

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.workers", String.valueOf(WORKERS));
        p.setProperty("responder.queue-size", String.valueOf(QUEUE));
        // several scans over the backlog: each must take the oldest of all, not of the first files it lists
        p.setProperty("responder.max-per-poll", "100");
        // and each must follow the last at once: the backlog is in new/ before the route starts, so no arrival wakes
        // the scanner, and a scan that waited this delay would not come within the test's time
        p.setProperty("responder.poll-delay", "600000");
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        super.configure(configuration);
        // registered before the context starts, so Camel emits the per-exchange events it is interested in
        configuration.addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext ctx) {
                recordHandOffs(ctx);
            }
        });
    }

    /** Wraps the ingest route's step into process-request: the one test-only observer of who hands what over. */
    private void recordHandOffs(CamelContext ctx) {
        ctx.getCamelContextExtension().addInterceptStrategy((context, definition, target, next) -> {
            if (!(definition instanceof ToDefinition to) || !"direct:process-request".equals(to.getUri())
                    || !"ingest-maildir".equals(CamelContextHelper.getRouteId(definition))) {
                return target;
            }
            return new DelegateAsyncProcessor(target) {
                @Override
                public boolean process(Exchange exchange, AsyncCallback callback) {
                    handedOff.add(exchange.getIn().getHeader(Exchange.FILE_NAME, String.class));
                    threads.add(Thread.currentThread().getName());
                    mostInMemory.accumulateAndGet(ctx.getInflightRepository().size("ingest-maildir"), Math::max);
                    return super.process(exchange, callback);
                }
            };
        });
    }

    @Test
    void underABacklogRequestsAreTakenOldestFirstByWorkersOnly() throws Exception {
        context.getRouteController().stopRoute("ingest-maildir");
        Path newDir = maildir().resolve("new");
        Files.createDirectories(newDir);
        List<String> arrival = IntStream.range(0, REQUESTS).mapToObj(i -> "req-%04d".formatted(REQUESTS - i)).toList();
        List<Integer> writeOrder = new ArrayList<>(IntStream.range(0, REQUESTS).boxed().toList());
        Collections.shuffle(writeOrder, new Random(42));
        long firstArrival = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        for (int i : writeOrder) {
            Path f = drop(arrival.get(i), RequestMail.from("sender" + i + "@mail.example")
                    .to("get+fa@responder.test").messageId("<order-" + i + "@mail.example>").bytes());
            Files.setLastModifiedTime(f, FileTime.fromMillis(firstArrival + i * 1000L));
        }

        context.getRouteController().startRoute("ingest-maildir");
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> files(maildir().resolve("cur")).size() == REQUESTS);

        assertThat(handedOff).as("hand-off order").containsExactlyElementsOf(arrival);
        assertThat(threads).as("threads that ran requests").allMatch(t -> t.contains("responder-worker"));
        assertThat(mostInMemory.get()).as("requests picked up at once").isLessThanOrEqualTo(WORKERS + QUEUE + 1);
        assertThat(files(maildir().resolve("cur"))).extracting(f -> f.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(arrival.stream().map(n -> n + ":2,S").toList());
        assertThat(files(newDir)).isEmpty();
        assertThat(files(maildir().resolve("failed"))).isEmpty();
    }
}
