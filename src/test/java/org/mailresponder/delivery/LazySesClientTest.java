package org.mailresponder.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mailresponder.testing.SesEmulator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.RawMessage;
import software.amazon.awssdk.services.ses.model.SendRawEmailRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The SES client is made by its first call, once, and a client never used is never made (not even to close it). */
class LazySesClientTest {

    private static final String MAIL = "From: get@responder.test\r\nTo: someone@example.com\r\nSubject: lazy\r\n\r\nhi\r\n";

    @Test
    void theFirstSendMakesTheClientOnceAndTheEmulatorGetsTheMail() throws Exception {
        try (SesEmulator emulator = SesEmulator.start()) {
            AtomicInteger made = new AtomicInteger();
            LazySesClient ses = new LazySesClient(() -> {
                made.incrementAndGet();
                return SesClients.build("us-east-1", emulator.endpoint(), "k", "s", Duration.ofSeconds(10), 2);
            });
            assertThat(ses.serviceName()).isEqualTo(SesClient.SERVICE_NAME);
            assertThat(ses.isBuilt()).isFalse();
            assertThat(made).hasValue(0);

            for (int i = 0; i < 2; i++) {
                ses.sendRawEmail(SendRawEmailRequest.builder().source("complaints@responder.test")
                        .rawMessage(RawMessage.builder().data(SdkBytes.fromString(MAIL, StandardCharsets.UTF_8)).build())
                        .build());
            }
            assertThat(made).hasValue(1);
            assertThat(ses.isBuilt()).isTrue();
            assertThat(emulator.emails()).hasSize(2);
            ses.close();
        }
    }

    @Test
    void closingAClientNeverUsedMakesNone() {
        AtomicInteger made = new AtomicInteger();
        LazySesClient ses = new LazySesClient(() -> {
            made.incrementAndGet();
            return SesClients.build("us-east-1", "http://127.0.0.1:1", "k", "s", Duration.ofSeconds(1), 1);
        });
        ses.close();
        assertThat(made).hasValue(0);
        assertThat(ses.isBuilt()).isFalse();
    }
}
