package org.mailresponder.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;

/**
 * Answers per second through the DKIM signer alone, side by side for the JDK's RSA provider and the one the
 * service picks ({@code auto}: Amazon Corretto Crypto Provider where it loads), with the body hash cached per
 * AnswerBody (as in service) and, for the 2 MB answer, hashed again for every mail. Bodies: the sample config's link answer, its installer answer,
 * and a synthetic answer with a 2 MB attachment. Not a test: run it with
 *
 * <pre>mvn -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=org.mailresponder.dkim.DkimSignBenchmark [-Dexec.args="THREADS SECONDS ROUNDS"]</pre>
 */
public final class DkimSignBenchmark {

    private DkimSignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        RSAPrivateCrtKey key = DkimKeyFile.load(DkimTestKit.PKCS8_KEY);
        List<RsaSigningProvider> providers = List.of(
                RsaSigningProvider.select(RsaSigningProvider.Choice.JDK, key),
                RsaSigningProvider.select(RsaSigningProvider.Choice.AUTO, key));
        List<OutgoingMail> answers = DkimTestKit.unsignedAnswers("01-plain-request.eml");
        OutgoingMail links = answers.get(0);
        OutgoingMail installers = answers.get(1);
        OutgoingMail big = withBody(installers, bigBody(installers.body().contentType(), 2 * 1024 * 1024));
        List<Case> cases = List.of(new Case("links answer", links), new Case("installers answer", installers),
                new Case("2 MB attachment answer", big));

        System.out.printf("DKIM sign-only benchmark: rsa-sha256 2048-bit, relaxed/relaxed, %d thread(s), %d s per case,"
                + " %d round(s), %d cores%n", threads, seconds, rounds, Runtime.getRuntime().availableProcessors());
        System.out.println("  (answers/s is wall-clock on this machine as loaded now; per CPU-s divides by the CPU time the"
                + " process got, which stays meaningful when other work shares the cores; CPU ms = 1000 / per CPU-s)");
        Map<String, List<Result>> figures = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            // providers alternate inside each round, so drifting load on the machine hits both alike
            for (RsaSigningProvider rsa : providers) {
                String who = rsa.provider().getName();
                Signature bare = rsa.newSignature();
                figures.computeIfAbsent(who + " | bare RSA signature (the bound)", k -> new ArrayList<>())
                        .add(run(1, seconds, links, m -> {
                            try {
                                bare.update(m.headers().getBytes(StandardCharsets.US_ASCII));
                                bare.sign();
                                return m;
                            } catch (GeneralSecurityException e) {
                                throw new IllegalStateException(e);
                            }
                        }));
                DkimAnswerSigner signer = new DkimAnswerSigner(DkimTestKit.DOMAIN, DkimTestKit.SELECTOR,
                        List.of(DkimTestKit.SIGNED_HEADERS.split(":")), rsa);
                for (Case c : cases) {
                    figures.computeIfAbsent(who + " | " + c.name + ", cached body hash", k -> new ArrayList<>())
                            .add(run(threads, seconds, c.mail, signer::sign));
                }
                // A fresh AnswerBody per mail has an empty cache: the body is canonicalised and hashed every time.
                figures.computeIfAbsent(who + " | 2 MB attachment answer, re-hashed per mail", k -> new ArrayList<>())
                        .add(run(threads, seconds, big, m -> signer.sign(withBody(m,
                                new AnswerBody(m.body().contentType(), m.body().bytes())))));
            }
            System.out.printf("  round %d of %d done%n", round, rounds);
        }
        System.out.printf("%n  %-72s %-26s %-26s%n", "provider | case (bare RSA: 1 thread, others: " + threads
                + " threads)", "answers/s min/med/max", "CPU ms per answer min/med/max");
        figures.forEach((name, rs) -> System.out.printf("  %-72s %-26s %-26s%n", name,
                spread(rs.stream().mapToDouble(Result::perSecond).toArray(), "%.0f"),
                spread(rs.stream().mapToDouble(r -> 1000 / r.perCpuSecond()).toArray(), "%.3f")));
    }

    private static String spread(double[] values, String format) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(format + " / " + format + " / " + format, v[0], v[v.length / 2], v[v.length - 1]);
    }

    private record Case(String name, OutgoingMail mail) {
    }

    private record Result(double perSecond, double perCpuSecond) {
        @Override
        public String toString() {
            return String.format("%6.0f answers/s (%5.0f per CPU-s)", perSecond, perCpuSecond);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Result run(int threads, int seconds, OutgoingMail mail, UnaryOperator<OutgoingMail> sign)
            throws InterruptedException {
        // Warm-up: JIT and the body-hash cache.
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            sign.apply(mail);
        }
        LongAdder count = new LongAdder();
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        long end = start + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    if (sign.apply(mail).headers().isEmpty()) {
                        throw new IllegalStateException();
                    }
                    count.increment();
                }
                done.countDown();
            });
            worker.start();
        }
        done.await();
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        return new Result(count.sum() / wall, count.sum() / cpu);
    }

    private static OutgoingMail withBody(OutgoingMail m, AnswerBody body) {
        return new OutgoingMail(m.kind(), m.requestId(), m.entryIndex(), m.envelopeFrom(), m.recipients(), m.headers(), body,
                m.sendMethod());
    }

    /** Base64-like lines of 76 characters, as an encoded attachment looks to the canonicaliser. */
    private static AnswerBody bigBody(String contentType, int size) {
        byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes();
        byte[] body = new byte[size];
        Random r = new Random(1);
        for (int i = 0; i < size; i++) {
            body[i] = (i % 78 == 76) ? (byte) '\r' : (i % 78 == 77) ? (byte) '\n' : alphabet[r.nextInt(64)];
        }
        return new AnswerBody(contentType, body);
    }
}
