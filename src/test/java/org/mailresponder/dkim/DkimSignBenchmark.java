package org.mailresponder.dkim;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;

/**
 * Answers per second through the DKIM signer alone, with the body hash cached per AnswerBody (as in service)
 * against hashing the body again for every mail. Bodies: the sample config's link answer, its installer answer,
 * and a synthetic answer with a 2 MB attachment. Not a test: run it with
 *
 * <pre>mvn -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=org.mailresponder.dkim.DkimSignBenchmark [-Dexec.args="THREADS SECONDS"]</pre>
 */
public final class DkimSignBenchmark {

    private DkimSignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        DkimAnswerSigner signer = DkimTestKit.signer();
        List<OutgoingMail> answers = DkimTestKit.unsignedAnswers("01-plain-request.eml");
        OutgoingMail links = answers.get(0);
        OutgoingMail installers = answers.get(1);
        OutgoingMail big = withBody(installers, bigBody(installers.body().contentType(), 2 * 1024 * 1024));

        System.out.printf("DKIM sign-only benchmark: rsa-sha256 2048-bit, relaxed/relaxed, %d thread(s), %d s per case, %d cores%n",
                threads, seconds, Runtime.getRuntime().availableProcessors());
        System.out.println("  (answers/s is wall-clock on this machine as loaded now; per CPU-s divides by the CPU time the"
                + " process got, which stays meaningful when other work shares the cores)");
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        java.security.PrivateKey key = DkimKeyFile.load(DkimTestKit.PKCS8_KEY);
        Result raw = run(threads, seconds, links, m -> {
            try {
                java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
                s.initSign(key);
                s.update(m.headers().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.sign();
                return m;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.printf("  %-24s                       : %s (the bound: one RSA-2048 signature per mail)%n",
                "bare JDK " + rsa.getAlgorithm(), raw);
        for (var c : List.of(new Case("links answer", links), new Case("installers answer", installers),
                new Case("2 MB attachment answer", big))) {
            int size = c.mail.body().bytes().length;
            Result cached = run(threads, seconds, c.mail, signer::sign);
            // A fresh AnswerBody per mail has an empty cache: the body is canonicalised and hashed every time.
            Result uncached = run(threads, seconds, c.mail, m -> signer.sign(withBody(m,
                    new AnswerBody(m.body().contentType(), m.body().bytes()))));
            System.out.printf("  %-24s body %9d bytes: cached body hash %s | re-hashed per mail %s%n",
                    c.name, size, cached, uncached);
        }
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
        return new OutgoingMail(m.requestId(), m.entryIndex(), m.envelopeFrom(), m.recipients(), m.headers(), body,
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
