package org.mailresponder.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.testing.HostileCorpus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every generated hostile request through parse → screen → compose in-process: nothing throws but
 * MalformedRequestException, and every answer and forward keeps the invariants (valid RFC 5322 headers and lines,
 * no header field the request put there, exactly one recipient: the sender, or the admins). Prints the slowest
 * requests (a figure, not an assertion; HostileInputBenchmark measures it properly).
 */
class HostileCorpusComposeTest {

    @Test
    void everyHostileRequestIsRefusedOrAnsweredValidly() throws Exception {
        ResponderPipeline pipeline = new ResponderPipeline();
        List<HostileCorpus.Case> corpus = HostileCorpus.all();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, Long> times = new LinkedHashMap<>();
        long worst = 0;
        String worstName = "";
        long worstCompose = 0;
        String worstComposeName = "";
        for (HostileCorpus.Case c : corpus) {
            long t0 = System.nanoTime();
            String outcome;
            try {
                ResponderPipeline.Outcome o = pipeline.run(c.bytes());
                outcome = o.verdict().outcome() + (o.answers().isEmpty() ? "" : "+answered");
                if (o.composeNanos() > worstCompose) {
                    worstCompose = o.composeNanos();
                    worstComposeName = c.name();
                }
                for (String p : ResponderPipeline.violations(o)) {
                    problems.add(c.name() + ": " + p);
                }
            } catch (MalformedRequestException e) {
                outcome = "malformed";
            }
            long nanos = System.nanoTime() - t0;
            if (nanos > worst) {
                worst = nanos;
                worstName = c.name();
            }
            outcomes.merge(outcome, 1, Integer::sum);
            times.put(c.name(), nanos);
        }
        System.out.printf("hostile corpus in-process: %d requests, outcomes %s, slowest parse+screen+compose %.1f ms (%s),"
                + " slowest compose alone %.1f ms (%s)%n", corpus.size(), outcomes, worst / 1e6, worstName,
                worstCompose / 1e6, worstComposeName);
        times.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf("  %8.1f ms  %s%n", e.getValue() / 1e6, e.getKey()));
        assertThat(problems).isEmpty();
        assertThat(outcomes.keySet()).as("the corpus exercises answers, refusals and forwards")
                .anyMatch(k -> k.endsWith("+answered")).contains("malformed").anyMatch(k -> k.startsWith("bounce"));
    }
}
