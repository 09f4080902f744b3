package org.mailresponder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.main.MainConfigurationProperties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailresponder.app.PropertyScope;
import org.mailresponder.app.ResponderService;
import org.mailresponder.app.ServiceLifecycle;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

/**
 * The service run from a working directory of its own (a copy of the project's routes and properties), edited while
 * it runs: a changed route file is in force for the next request, a broken one (bad YAML, or routes that cannot
 * start) is refused while the routes in force keep answering, a route property changed in application.properties is
 * applied, and a property read at start-up is reported as needing a restart and not half-applied.
 */
class LiveReloadTest extends ResponderRouteTest {

    private static final Duration RELOAD = Duration.ofSeconds(20);

    private Path workDir() {
        Path dir = work().resolve("service");
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir.resolve("routes"));
                try (Stream<Path> routes = Files.list(PROJECT.resolve("routes"))) {
                    for (Path f : (Iterable<Path>) routes::iterator) {
                        Files.copy(f, dir.resolve("routes").resolve(f.getFileName()));
                    }
                }
                Files.copy(PROJECT.resolve("application.properties"), dir.resolve("application.properties"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return ResponderService.propertiesLocation(workDir());
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        ResponderService.configure(configuration, workDir());
    }

    @Override
    protected void testProperties(Properties p) {
        // left to the working directory's application.properties, so that editing it is what changes it
        p.remove("responder.poll-delay");
    }

    /** Before the work folder is deleted: the watchers must not see the service's files vanish under it. */
    @AfterEach
    void stopTheServiceFirst() {
        context.stop();
    }

    @Test
    void anEditedRouteFileIsInForceForTheNextRequest() throws Exception {
        answer("before@mail.example", "<before@x>");
        assertThat(outboxNames()).allMatch(n -> !n.startsWith("reloaded-"));

        edit("deliver.yaml", "ref: outboxFileName", "simple: \"reloaded-${body.outboxFileName}\"");
        Awaitility.await().atMost(RELOAD).until(() -> reloads("changed") == 1);

        answer("after@mail.example", "<after@x>");
        assertThat(answerTo("<after@x>").getFileName().toString()).startsWith("reloaded-");
        assertThat(outboxNames()).filteredOn(n -> n.startsWith("reloaded-")).hasSize(1);
        assertThat(gauge("responder.routes.reload.failing")).isZero();
    }

    @Test
    void aBrokenRouteFileIsRefusedAndTheRoutesInForceKeepAnswering() throws Exception {
        int routes = context.getRoutes().size();

        // not YAML at all
        replace("ingest.yaml", "- route:\n    id: ingest-maildir\n   from: [\n");
        Awaitility.await().atMost(RELOAD).until(() -> reloads("failed") == 1);
        assertThat(gauge("responder.routes.reload.failing")).isEqualTo(1);
        assertThat(context.getRoutes()).hasSize(routes);
        answer("one@mail.example", "<one@x>");

        // valid YAML whose route cannot start (no such component)
        replace("ingest.yaml", Files.readString(PROJECT.resolve("routes/ingest.yaml"))
                .replace("uri: \"file:{{responder.maildir}}/new\"", "uri: \"no-such-component:{{responder.maildir}}\""));
        Awaitility.await().atMost(RELOAD).until(() -> reloads("failed") == 2);
        assertThat(context.getRoutes()).hasSize(routes);
        assertThat(ingestUri()).startsWith("file:");
        answer("two@mail.example", "<two@x>");

        // fixed: the file is accepted again and the gauge goes back to 0
        replace("ingest.yaml", Files.readString(PROJECT.resolve("routes/ingest.yaml")));
        Awaitility.await().atMost(RELOAD).until(() -> gauge("responder.routes.reload.failing") == 0);
        answer("three@mail.example", "<three@x>");
        assertThat(files(maildir().resolve("failed"))).isEmpty();

        // a new file that is broken, then deleted: refused, then nothing is pending any more
        replace("extra.yaml", "- route:\n    id: extra\n   from: [\n");
        Awaitility.await().atMost(RELOAD).until(() -> reloads("failed") == 3);
        assertThat(gauge("responder.routes.reload.failing")).isEqualTo(1);
        Files.delete(workDir().resolve("routes/extra.yaml"));
        Awaitility.await().atMost(RELOAD).until(() -> gauge("responder.routes.reload.failing") == 0);
        assertThat(context.getRoutes()).hasSize(routes);
    }

    @Test
    void aRoutePropertyIsAppliedLiveAndAStartUpPropertyWaitsForARestart() throws Exception {
        assertThat(ingestUri()).contains("delay=50");

        editProperties("responder.poll-delay = 50", "responder.poll-delay = 77");
        Awaitility.await().atMost(RELOAD).until(() -> ingestUri().contains("delay=77"));
        assertThat(gauge("responder.restart.required")).isZero();
        answer("live@mail.example", "<live@x>");

        // responder.from is read when the beans are built: a restart is needed, and until then nothing changes
        editProperties("responder.from = get@responder.test", "responder.from = other@responder.test");
        Awaitility.await().atMost(RELOAD).until(() -> gauge("responder.restart.required") == 1);
        answer("restart@mail.example", "<restart@x>");
        assertThat(Mails.header(Mails.read(answerTo("<restart@x>")), "From")).isEqualTo("get@responder.test");

        // a property the routes use that is also read at start (the daily limit) is not half-applied
        assertThat(PropertyScope.needsRestart("responder.rate-limit.daily-limit")).isTrue();
        assertThat(PropertyScope.needsRestart("responder.poll-delay")).isFalse();
        assertThat(PropertyScope.needsRestart("camel.management.port")).isTrue();

        // back to the start value: nothing waits for a restart any more
        editProperties("responder.from = other@responder.test", "responder.from = get@responder.test");
        Awaitility.await().atMost(RELOAD).until(() -> gauge("responder.restart.required") == 0);
    }

    @Test
    void aBadRoutePropertyIsRefusedAndTheValuesInForceAreKept() throws Exception {
        editProperties("responder.poll-delay = 50", "responder.poll-delay = soon");
        Awaitility.await().atMost(RELOAD).until(() -> reloads("failed") == 1);
        assertThat(ingestUri()).contains("delay=50");
        answer("kept@mail.example", "<kept@x>");
    }

    @Test
    void theMaildirFoldersExistFromTheStart() {
        for (String folder : ServiceLifecycle.MAILDIR_FOLDERS) {
            assertThat(maildir().resolve(folder)).isDirectory();
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void answer(String from, String messageId) throws Exception {
        int before = files(outbox()).size();
        drop(messageId.replaceAll("[<>@]", "") + ".eml", RequestMail.from(from).to("get+fa@responder.test")
                .messageId(messageId).bytes());
        awaitDrained();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> files(outbox()).size() == before + 1);
        answerTo(messageId);
    }


    private Path answerTo(String messageId) throws IOException {
        for (Path f : files(outbox())) {
            if (messageId.equals(Mails.header(Mails.read(f), "In-Reply-To"))) {
                return f;
            }
        }
        throw new AssertionError("no answer to " + messageId + " in " + outboxNames());
    }

    private List<String> outboxNames() throws IOException {
        return files(outbox()).stream().map(f -> f.getFileName().toString()).toList();
    }

    private void edit(String routeFile, String from, String to) throws IOException {
        Path f = workDir().resolve("routes").resolve(routeFile);
        String text = Files.readString(f);
        assertThat(text).contains(from);
        replace(routeFile, text.replace(from, to));
    }

    /** Replaces a file the way deployment tools do: write beside it, then rename over it. */
    private void replace(String routeFile, String content) throws IOException {
        Path f = workDir().resolve("routes").resolve(routeFile);
        Path tmp = workDir().resolve(routeFile + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Edits application.properties in place, as an editor does. */
    private void editProperties(String from, String to) throws IOException {
        Path f = workDir().resolve("application.properties");
        String text = Files.readString(f);
        assertThat(text).contains(from);
        Files.writeString(f, text.replace(from, to));
    }

    /** The maildir consumer's endpoint, or "" while the routes are being rebuilt. */
    private String ingestUri() {
        var route = context.getRoute("ingest-maildir");
        return route == null ? "" : route.getEndpoint().getEndpointUri();
    }

    private MeterRegistry meters() {
        return context.getRegistry().findSingleByType(MeterRegistry.class);
    }

    private double reloads(String result) {
        var c = meters().find("responder.routes.reloads").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    private double gauge(String name) {
        var g = meters().find(name).gauge();
        return g == null ? Double.NaN : g.value();
    }
}
