package org.mailresponder.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.mailresponder.inbound.MalformedRequestException;

import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the request path: any bytes through parse → screen → compose. Nothing may
 * throw but MalformedRequestException, and every composed answer and forward must keep the invariants of
 * {@link ResponderPipeline#violations}: RFC 5322 lines and headers, no field the request put there, exactly the
 * expected recipient.
 *
 * <p>{@code mvn verify} runs it in regression mode over the seeds in
 * {@code src/test/resources/org/mailresponder/fuzz/ParseScreenComposeFuzzTestInputs/parseScreenCompose/} (real
 * requests and small hostile ones) plus any findings saved there. To fuzz (coverage-guided, for the
 * {@code maxDuration} below; raise it for a longer run):
 * {@code JAZZER_FUZZ=1 mvn -B test -Dtest=ParseScreenComposeFuzzTest}. Findings are written as {@code crash-*}
 * files into that folder and are then replayed by every build; the generated corpus goes to
 * {@code .cifuzz-corpus/} (ignored by git).
 */
class ParseScreenComposeFuzzTest {

    private static final ResponderPipeline PIPELINE = new ResponderPipeline();

    @FuzzTest(maxDuration = "60s")
    void parseScreenCompose(byte[] raw) {
        ResponderPipeline.Outcome outcome;
        try {
            outcome = PIPELINE.run(raw);
        } catch (MalformedRequestException e) {
            return;
        }
        List<String> violations = ResponderPipeline.violations(outcome);
        if (!violations.isEmpty()) {
            throw new AssertionError("invariants broken: " + violations);
        }
    }
}
