package org.mailresponder.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.compose.OutgoingMail;

/**
 * The RSA implementation that signs answers: Amazon Corretto Crypto Provider where its native library loads (it
 * does on the project's Linux x86-64 machines), the JDK's provider otherwise. Both must produce signatures that
 * verifiers which are not our code accept: Debian's python3-dkim and Apache jDKIM's verifier. The fallback is tested
 * for real: a child JVM is told to load Corretto's library from the system library path, where it does not exist,
 * which is exactly the failure of a machine without the bundled library.
 */
class RsaSigningProviderTest {

    private static final String ACCP_EXTERNAL_LIB = "-Dcom.amazon.corretto.crypto.provider.useExternalLib=true";

    @Test
    void autoPicksCorrettoWhereItsLibraryLoads() {
        assumeCorretto();
        RsaSigningProvider rsa = RsaSigningProvider.select(RsaSigningProvider.Choice.AUTO,
                DkimKeyFile.load(DkimTestKit.PKCS8_KEY));
        assertThat(rsa.provider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(rsa.description()).startsWith("Amazon Corretto Crypto Provider 2.5.0");
    }

    @Test
    void correttoSignaturesPassBothIndependentVerifiers() throws Exception {
        assumeCorretto();
        assertIndependentlyVerified(RsaSigningProvider.Choice.ACCP, "AmazonCorrettoCryptoProvider");
    }

    @Test
    void jdkSignaturesPassBothIndependentVerifiers() throws Exception {
        assertIndependentlyVerified(RsaSigningProvider.Choice.JDK, "SunRsaSign");
    }

    /** Each worker keeps its own signature object; interleaved mails on four threads must all still verify. */
    @Test
    void signatureObjectsReusedAcrossManyMailsOnSeveralThreadsStayCorrect() throws Exception {
        DkimAnswerSigner signer = signer(RsaSigningProvider.Choice.AUTO);
        List<OutgoingMail> answers = DkimTestKit.unsignedAnswers("01-plain-request.eml");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<byte[]>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<byte[]> signed = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        OutgoingMail m = answers.get((thread + i) % answers.size());
                        // a different subject per mail, so no two header blocks are alike
                        signed.add(signer.sign(m.withHeaders(m.headers().replaceFirst("Subject: ",
                                "Subject: [" + thread + "." + i + "] "))).toBytes());
                    }
                    return signed;
                }));
            }
            int verified = 0;
            for (Future<List<byte[]>> f : results) {
                for (byte[] mail : f.get(120, TimeUnit.SECONDS)) {
                    assertThat(DkimTestKit.jdkimVerify(mail)).containsExactly(DkimTestKit.DOMAIN);
                    verified++;
                }
            }
            assertThat(verified).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnknownProviderSettingIsRefusedWithItsName() {
        assertThatThrownBy(() -> RsaSigningProvider.Choice.parse("openssl"))
                .hasMessageContaining("responder.dkim.sign.provider").hasMessageContaining("openssl");
        assertThat(RsaSigningProvider.Choice.parse(" Jdk ")).isEqualTo(RsaSigningProvider.Choice.JDK);
        assertThat(RsaSigningProvider.Choice.parse("")).isEqualTo(RsaSigningProvider.Choice.AUTO);
    }

    /**
     * The service's own preview command, in a JVM where Corretto's library cannot load: it says so in a warning,
     * signs with the JDK's provider, and python3-dkim accepts the answers it prints.
     */
    @Test
    void withoutCorrettosLibraryTheServiceFallsBackToTheJdkAndSaysSo(@TempDir Path dir) throws Exception {
        DkimTestKit.assumePythonDkim();
        Cli run = preview(dir, "auto", ACCP_EXTERNAL_LIB);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("WARN").contains("DKIM signatures: JDK provider SunRsaSign")
                .contains("Amazon Corretto Crypto Provider cannot be used here");
        List<Path> mails;
        try (var files = Files.list(dir.resolve("out"))) {
            mails = files.sorted().toList();
        }
        assertThat(mails).hasSize(2);
        for (Path mail : mails) {
            byte[] bytes = Files.readAllBytes(mail);
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("DKIM-Signature:");
            assertThat(DkimTestKit.pythonVerify(bytes)).as(mail.toString()).isTrue();
        }
    }

    @Test
    void accpDemandedWhereItCannotLoadStopsTheCommandInsteadOfSigningOtherwise(@TempDir Path dir) throws Exception {
        Cli run = preview(dir, "accp", ACCP_EXTERNAL_LIB);
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("responder.dkim.sign.provider=accp")
                .contains("Amazon Corretto Crypto Provider cannot be used here");
    }

    /**
     * Corretto's library is bundled for Linux x86-64, the project's machines and CI; elsewhere (a laptop on arm64)
     * the Corretto tests skip loudly, except under CI=true, where they must run.
     */
    private static void assumeCorretto() {
        Throwable problem = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
        if (problem == null) {
            return;
        }
        String why = "Amazon Corretto Crypto Provider cannot load here (" + problem + ")";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + why);
        }
        System.err.println("[SKIPPED LOUDLY] " + why);
        org.junit.jupiter.api.Assumptions.abort(why);
    }

    private static void assertIndependentlyVerified(RsaSigningProvider.Choice choice, String providerName)
            throws Exception {
        DkimTestKit.assumePythonDkim();
        DkimAnswerSigner signer = signer(choice);
        assertThat(signer.providerDescription()).contains(providerName.equals("SunRsaSign") ? "SunRsaSign"
                : "Amazon Corretto Crypto Provider");
        List<OutgoingMail> mails = new ArrayList<>(DkimTestKit.unsignedAnswers("01-plain-request.eml"));
        mails.addAll(DkimTestKit.unsignedAnswers("02-persian-subject.eml"));
        for (OutgoingMail m : mails) {
            byte[] signed = signer.sign(m).toBytes();
            assertThat(DkimTestKit.pythonVerify(signed)).as("python3-dkim, " + m).isTrue();
            assertThat(DkimTestKit.jdkimVerify(signed)).as("jDKIM, " + m).containsExactly(DkimTestKit.DOMAIN);
        }
        // and a changed byte in a signed header is caught by the same verifier, so the pass above means something
        byte[] tampered = new String(signer.sign(mails.get(0)).toBytes(), StandardCharsets.ISO_8859_1)
                .replaceFirst("Subject: ", "Subject: X").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DkimTestKit.pythonVerify(tampered)).isFalse();
    }

    private static DkimAnswerSigner signer(RsaSigningProvider.Choice choice) {
        var key = DkimKeyFile.load(DkimTestKit.PKCS8_KEY);
        return new DkimAnswerSigner(DkimTestKit.DOMAIN, DkimTestKit.SELECTOR,
                List.of(DkimTestKit.SIGNED_HEADERS.split(":")), RsaSigningProvider.select(choice, key));
    }

    private record Cli(int exit, String output) {
    }

    /** {@code mail-responder preview} in its own JVM on an embedded H2 in {@code dir}, signing with the test key. */
    private static Cli preview(Path dir, String provider, String jvmOption) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), jvmOption,
                "-Dresponder.config=" + DkimTestKit.PROJECT.resolve("config/responder.json"),
                "-Dresponder.buckets-dir=" + DkimTestKit.PROJECT.resolve("config/buckets"),
                "-Dresponder.data-dir=" + dir.resolve("data"),
                "-Dresponder.db.url=jdbc:h2:file:" + dir.resolve("data/responder") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE",
                "-Dresponder.dkim.sign.key-file=" + DkimTestKit.PKCS8_KEY,
                "-Dresponder.dkim.sign.domain=" + DkimTestKit.DOMAIN,
                "-Dresponder.dkim.sign.selector=" + DkimTestKit.SELECTOR,
                "-Dresponder.dkim.sign.provider=" + provider,
                "org.mailresponder.app.MailResponder", "preview", "--to", "get@responder.test",
                "--from", "reader@mail.example", "--subject", "please", "--out", dir.resolve("out").toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("preview did not finish: " + out);
        }
        return new Cli(p.exitValue(), out);
    }
}
