package org.mailresponder.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.config.ConfigSource;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.config.ResponderConfigParser;
import org.mailresponder.report.ConfigMetrics;
import org.mailresponder.testing.S3TestServerExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The S3 config source and the holder on top of it, against s3proxy. */
class S3ConfigSourceTest {

    /** HTTP statuses S3 answered, in order: shows which checks were conditional (304) and which were full (200). */
    private static final List<Integer> statuses = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final S3TestServerExtension S3 = new S3TestServerExtension(settings -> S3Clients.builder(settings)
            .overrideConfiguration(o -> o.apiCallTimeout(settings.apiCallTimeout())
                    .addExecutionInterceptor(new ExecutionInterceptor() {
                        @Override
                        public void afterTransmission(Context.AfterTransmission context,
                                                      ExecutionAttributes attributes) {
                            statuses.add(context.httpResponse().statusCode());
                        }
                    }))
            .build());

    private S3Location location;

    @BeforeEach
    void freshBucket() {
        location = new S3Location(S3.freshBucket("config"), "responder.json");
        statuses.clear();
    }

    private static byte[] config(String text) {
        return ("[{\"email_addr\": \"get@responder.test\", \"body\": \"" + text + "\", \"attachments\": null}]")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fetchesInFullThenOnlyWhenTheEtagChanged() throws Exception {
        String etag1 = S3.put(location.bucket(), location.key(), config("one"));
        S3ConfigSource source = new S3ConfigSource(S3.client(), location);

        ConfigSource.Fetched first = source.fetchIfChanged(null);
        assertThat(new String(first.bytes(), StandardCharsets.UTF_8)).contains("\"one\"");
        assertThat(first.version()).isEqualTo(Etags.unquote(etag1)).doesNotContain("\"");

        assertThat(source.fetchIfChanged(first.version())).isNull();
        assertThat(statuses).containsExactly(200, 304);

        String etag2 = S3.put(location.bucket(), location.key(), config("two"));
        ConfigSource.Fetched second = source.fetchIfChanged(first.version());
        assertThat(second.version()).isEqualTo(Etags.unquote(etag2)).isNotEqualTo(first.version());
        assertThat(new String(second.bytes(), StandardCharsets.UTF_8)).contains("\"two\"");
        assertThat(statuses).containsExactly(200, 304, 200);
    }

    @Test
    void aMissingObjectIsAnErrorNamingTheLocation() {
        S3ConfigSource source = new S3ConfigSource(S3.client(), location);
        assertThatThrownBy(() -> source.fetchIfChanged(null)).isInstanceOf(IOException.class)
                .hasMessageContaining("404").hasMessageContaining(location.toString());
    }

    @Test
    void keepsTheLastGoodConfigWhenS3IsDownOrTheNewFileIsInvalidAndCountsIt() throws Exception {
        S3.put(location.bucket(), location.key(), config("good"));
        ResponderConfigHolder holder = new ResponderConfigHolder(new S3ConfigSource(S3.client(), location),
                new ResponderConfigParser("Psiphon3.exe", "Psiphon3.ex_"));
        ConfigMetrics metrics = new ConfigMetrics(new SimpleMeterRegistry(), holder, java.time.Clock.systemUTC());
        assertThat(metrics.record(holder.refresh()).ok()).isTrue();
        String good = holder.current().version();

        S3.put(location.bucket(), location.key(), "[{\"email_addr\": 42}]".getBytes(StandardCharsets.UTF_8));
        ResponderConfigHolder.ReloadStatus invalid = metrics.record(holder.refresh());
        assertThat(invalid.ok()).isFalse();
        assertThat(invalid.error()).startsWith("invalid config");
        assertThat(holder.current().version()).isEqualTo(good);

        S3.stop();
        try {
            ResponderConfigHolder.ReloadStatus down = metrics.record(holder.refresh());
            assertThat(down.ok()).isFalse();
            assertThat(down.error()).contains("cannot read config");
            assertThat(holder.current().version()).isEqualTo(good);
            assertThat(metrics.failures()).isEqualTo(2.0);
        } finally {
            S3.restart();
        }

        S3.put(location.bucket(), location.key(), config("fixed"));
        assertThat(metrics.record(holder.refresh()).changed()).isTrue();
        assertThat(holder.current().version()).isNotEqualTo(good);
    }
}
