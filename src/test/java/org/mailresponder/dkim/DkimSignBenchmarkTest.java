package org.mailresponder.dkim;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs {@link DkimSignBenchmark} with the other benchmarks ({@code mvn -B test -Pbench}); it prints, never asserts. */
@Tag("benchmark")
class DkimSignBenchmarkTest {

    @Test
    void signaturesPerSecond() throws Exception {
        DkimSignBenchmark.main(new String[] {String.valueOf(Runtime.getRuntime().availableProcessors()), "3", "3"});
    }
}
