package org.mailresponder.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.TestDatabaseExtension;

/** preview with the project's config and a real database: what would be sent, or why not. */
class PreviewCommandTest {

    @RegisterExtension
    static final TestDatabaseExtension db = TestDatabaseExtension.mariaDb();
    private static CliRun cli;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        cli = CliRun.on(db, "preview-key-0123456789")
                .set("responder.config", Path.of("config/responder.json").toAbsolutePath().toString())
                .set("responder.buckets-dir", Path.of("config/buckets").toAbsolutePath().toString());
    }

    private static MimeMessage parse(Path file) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    private static List<String> attachmentNames(MimeMessage m) throws Exception {
        List<String> names = new ArrayList<>();
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        for (int i = 0; i < mixed.getCount(); i++) {
            if (Part.ATTACHMENT.equalsIgnoreCase(mixed.getBodyPart(i).getDisposition())) {
                names.add(mixed.getBodyPart(i).getFileName());
            }
        }
        return names;
    }

    @Test
    void printsEveryAnswerInConfigOrderAsItWouldBeSent() throws Exception {
        CliRun.Result r = cli.run("preview", "--to", "Get@Responder.test", "--from", "reader@gmail.com",
                "--subject", "سلام", "--out", dir.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("would be answered with 2 mail(s)").contains("=== mail 1 of 2: entry 0, via outbox")
                .contains("=== mail 2 of 2: entry 1, via outbox").contains("Auto-Submitted: auto-replied");
        MimeMessage links = parse(dir.resolve("preview-1.eml"));
        assertThat(links.getHeader("To", null)).isEqualTo("reader@gmail.com");
        assertThat(links.getHeader("Reply-To", null)).isEqualTo("get@responder.test");
        assertThat(links.getSubject()).isEqualTo("Re: سلام");
        assertThat(attachmentNames(links)).isEmpty();
        // gmail gets the provider-safe names, as from the service
        assertThat(attachmentNames(parse(dir.resolve("preview-2.eml"))))
                .containsExactly("Psiphon3", "PsiphonAndroid.ap_");
        // stdout carries the same bytes as the files
        assertThat(r.out()).contains(Files.readString(dir.resolve("preview-2.eml"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void saysWhyARequestWouldNotBeAnswered() {
        assertThat(cli.run("preview", "--to", "get@responder.test", "--from", "x@example.com",
                "--header", "Auto-Submitted: auto-replied").out())
                .contains("would NOT be answered: auto-submitted (Auto-Submitted: auto-replied)");
        assertThat(cli.run("preview", "--to", "nobody@responder.test", "--from", "x@example.com").out())
                .contains("would NOT be answered: unknown-address");
        assertThat(cli.run("preview", "--to", "get@responder.test", "--from", "no-reply@example.com").out())
                .contains("would NOT be answered: noreply-sender");
        assertThat(cli.run("limits", "block", "example.org").exit()).isZero();
        assertThat(cli.run("preview", "--to", "get@responder.test", "--from", "x@example.org").out())
                .contains("would NOT be answered: blocked");

        CliRun.Result complaint = cli.run("preview", "--to", "complaints@responder.test", "--from", "x@example.com",
                "--headers-only");
        assertThat(complaint.exit()).isZero();
        assertThat(complaint.out()).contains("would NOT be answered: complaint")
                .contains("=== mail 1 of 1: admin forward").contains("To: admin@responder.test");
    }

    @Test
    void aMalformedRequestFileIsReportedNotFailed() throws Exception {
        Path eml = dir.resolve("no-from.eml");
        Files.writeString(eml, "To: get@responder.test\r\nSubject: hi\r\n\r\nbody\r\n");

        CliRun.Result r = cli.run("preview", "--eml", eml.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("would NOT be answered: malformed (no From header)");
    }

    @Test
    void usageErrorsExitTwoAndAMissingConfigExitsOne() {
        assertThat(cli.run("preview", "--to", "get@responder.test").exit()).isEqualTo(2);
        assertThat(cli.run("preview", "--eml", "x.eml", "--to", "get@responder.test").exit()).isEqualTo(2);
        assertThat(cli.run("preview", "--to", "get@responder.test", "--from", "x@example.com", "--header", "nocolon")
                .exit()).isEqualTo(2);

        CliRun.Result noConfig = CliRun.on(db, "preview-key-0123456789")
                .set("responder.config", dir.resolve("missing.json").toString())
                .run("preview", "--to", "get@responder.test", "--from", "x@example.com");
        assertThat(noConfig.exit()).isEqualTo(1);
        assertThat(noConfig.err().strip()).startsWith("preview: cannot read config").doesNotContain("\n");
    }
}
