package org.mailresponder.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.inbound.MaildirFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The choice of the oldest waiting files: each file's age is read once, when a scan first lists it, not again on
 * every scan over a backlog; and the files not chosen are refused by name, before the file component looks at them.
 */
class OldestFirstTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    private final MemoryIdempotentRepository inProgress = new MemoryIdempotentRepository();

    @BeforeEach
    void startRepository() {
        inProgress.start();
    }

    @Test
    void aFileSeenByAnEarlierScanKeepsTheAgeThatScanRead() throws Exception {
        arrive("a", 3);
        arrive("b", 1);
        arrive("c", 2);
        OldestFirst oldest = new OldestFirst();
        assertThat(oldest.choose(dir, 1, inProgress)).containsExactly("b");
        inProgress.add(dir.resolve("b").toAbsolutePath().toString());

        // a's time changed after it was listed (a maildir file never changes in new/): the scan does not read it again
        Files.setLastModifiedTime(dir.resolve("a"), FileTime.from(T0));
        assertThat(oldest.choose(dir, 1, inProgress)).containsExactly("c");
    }

    @Test
    void aFileArrivedSinceTheLastScanIsReadAndCanBeTheOldest() throws Exception {
        arrive("a", 3);
        arrive("b", 2);
        OldestFirst oldest = new OldestFirst();
        assertThat(oldest.choose(dir, 1, inProgress)).containsExactly("b");
        // delivered late with its original time (an MDA's rename keeps it): the oldest now
        arrive("late", -5);
        assertThat(oldest.choose(dir, 2, inProgress)).containsExactlyInAnyOrder("late", "b");
    }

    @Test
    void onlyTheNamesOfTheLastListingAreRemembered() throws Exception {
        for (int i = 0; i < 50; i++) {
            arrive("m" + i, i);
        }
        OldestFirst oldest = new OldestFirst();
        oldest.choose(dir, 10, inProgress);
        assertThat(oldest.rememberedNames()).hasSize(50);
        for (int i = 0; i < 45; i++) {
            Files.delete(dir.resolve("m" + i));
        }
        assertThat(oldest.choose(dir, 10, inProgress)).containsExactlyInAnyOrder("m45", "m46", "m47", "m48", "m49");
        assertThat(oldest.rememberedNames()).hasSize(5);
    }

    @Test
    void pastTheBoundAFileIsReadOnEveryScanAndStillChosenByItsAge() throws Exception {
        for (int i = 0; i < 20; i++) {
            arrive("m" + i, 100 + i);
        }
        OldestFirst oldest = new OldestFirst(5);
        assertThat(oldest.choose(dir, 3, inProgress)).containsExactlyInAnyOrder("m0", "m1", "m2");
        Set<String> remembered = oldest.rememberedNames();
        assertThat(remembered).hasSize(5);
        // every file made far older, m0 the oldest: the remembered keep the age first read, the others are read again
        for (int i = 0; i < 20; i++) {
            Files.setLastModifiedTime(dir.resolve("m" + i), FileTime.from(T0.minusSeconds(100 - i)));
        }
        List<String> expected = IntStream.range(0, 20).mapToObj(i -> "m" + i)
                .filter(name -> !remembered.contains(name)).limit(3).toList();
        assertThat(oldest.choose(dir, 3, inProgress)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(oldest.rememberedNames()).hasSize(5);
    }

    @Test
    void theFilterRefusesByNameWhatTheScanDidNotChooseAndJudgesTheRest() throws Exception {
        arrive("young", 9);
        arrive("old", 1);
        Path maildir = dir.getParent().resolve(dir.getFileName() + "-maildir");
        MaildirFilter filter = new MaildirFilter(new MaildirFiles(maildir, 1 << 20, (reason, start) -> { },
                Clock.systemUTC()));
        // before any scan: no choice, every entry is judged on its own
        assertThat(filter.accept("young")).isNull();
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            FileEndpoint endpoint = context.getEndpoint("file:" + dir + "?maxMessagesPerPoll=1", FileEndpoint.class);
            Consumer consumer = endpoint.createConsumer(exchange -> { });
            filter.begin(consumer, endpoint);
        }
        assertThat(filter.accept("young")).isFalse();
        assertThat(filter.accept("old")).isNull();
    }

    private void arrive(String name, int secondsAfterT0) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "Subject: x\r\n\r\nbody\r\n");
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(secondsAfterT0)));
    }
}
