package org.mailresponder.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.S3TestServer;
import org.mailresponder.testing.TestDatabaseExtension;

/** config validate: the service's parser, one line naming the entry and field on failure. */
class ConfigValidateCommandTest {

    @RegisterExtension
    final TestDatabaseExtension db = TestDatabaseExtension.mariaDb();

    private static final Path PROJECT_CONFIG = Path.of("config/responder.json").toAbsolutePath();

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private Path file(String json) throws Exception {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    @Test
    void aValidFileIsSummarised() {
        CliRun.Result r = cli.run("config", "validate", PROJECT_CONFIG.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("valid: ").contains("3 address(es), 4 entries, domains responder.test")
                .contains("get@responder.test: 2 mail(s), 2 attachment(s)");
    }

    @Test
    void anInvalidFileNamesTheEntryAndFieldOnOneLine() throws Exception {
        CliRun.Result r = cli.run("config", "validate", file("""
                [{"email_addr": "get@example.org", "body": "hi", "attachments": null},
                 {"email_addr": "get@example.org", "body": [["pdf", "x"]], "attachments": null}]
                """).toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("validate: entry #2 (get@example.org): field body[0] has mimetype "
                + "\"pdf\"; use \"plain\" or \"html\"");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void brokenJsonAndMissingFilesFail() throws Exception {
        CliRun.Result json = cli.run("config", "validate", file("[{\"email_addr\": ").toString());
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.err()).contains("not valid JSON").contains("line 1");

        CliRun.Result missing = cli.run("config", "validate", dir.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("validate: no such file: " + dir.resolve("nope.json"));
    }

    @Test
    void theLegacyFormatIsValidWithAWarning() throws Exception {
        Files.createDirectories(dir.resolve("buckets/b"));
        Files.writeString(dir.resolve("buckets/b/Psiphon3.exe"), "MZ");
        CliRun.Result r = cli.set("responder.buckets-dir", dir.resolve("buckets").toString()).run("config", "validate",
                file("{\"get@example.org\": {\"body\": \"hi\", \"attachment_bucket\": \"b\"}}").toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("1 address(es), 1 entry").contains("warning: legacy object format");
    }

    @Test
    void anAttachmentThatIsMissingOrUnreadableIsRefusedNamingTheEntryAndTheFile() throws Exception {
        Path buckets = dir.resolve("buckets");
        Files.createDirectories(buckets.resolve("installers"));
        Files.writeString(buckets.resolve("installers/present.exe"), "MZ");
        Path unreadable = Files.writeString(buckets.resolve("installers/locked.apk"), "PK");
        cli.set("responder.buckets-dir", buckets.toString());
        String entries = """
                [{"email_addr": "get@example.org", "body": "links", "attachments": null},
                 {"email_addr": "get@example.org", "body": "files",
                  "attachments": [["installers", "present.exe", "present.exe"], ["installers", "gone.exe", "x.exe"]]}]
                """;

        CliRun.Result missing = cli.run("config", "validate", file(entries).toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err().strip()).isEqualTo("validate: get@example.org mail 2: attachment [installers, "
                + "gone.exe, x.exe]: not found at " + buckets.resolve("installers/gone.exe").toAbsolutePath());

        // unreadable by this process: only meaningful when the tests do not run as root, who may read anything
        java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(unreadable,
                java.nio.file.attribute.PosixFileAttributeView.class);
        view.setPermissions(java.util.Set.of());
        if (!Files.isReadable(unreadable)) {
            CliRun.Result locked = cli.run("config", "validate", file(entries.replace("gone.exe", "locked.apk"))
                    .toString());
            assertThat(locked.exit()).isEqualTo(1);
            assertThat(locked.err()).contains("locked.apk").contains("not readable");
        }

        CliRun.Result ok = cli.run("config", "validate", file(entries.replace("gone.exe", "present.exe")).toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("get@example.org: 2 mail(s), 2 attachment(s)");
    }

    @Test
    void withoutArgumentTheConfiguredSourceIsValidatedAsTheServiceLoadsIt() throws Exception {
        CliRun service = CliRun.on(db, "validate-key-0123456789");

        CliRun.Result ok = service.set("responder.config", PROJECT_CONFIG.toString()).run("config", "validate");
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("valid: " + PROJECT_CONFIG);

        CliRun.Result bad = service.set("responder.config", file("[]").toString()).run("config", "validate");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err().strip()).isEqualTo("validate: invalid config: config has no entries");
    }

    @Test
    void s3LocationsAreValidatedFromS3() throws Exception {
        try (S3TestServer s3 = new S3TestServer()) {
            s3.createBucket("config-bucket");
            s3.put("config-bucket", "responder.json", java.nio.file.Files.readAllBytes(PROJECT_CONFIG));
            s3.put("config-bucket", "broken.json", "[{\"email_addr\": \"get@x.test\"}]".getBytes());
            CliRun cli = CliRun.on(db, "validate-key-0123456789")
                    .set("responder.s3.endpoint", s3.endpoint()).set("responder.s3.path-style", "true")
                    .set("responder.s3.access-key", S3TestServer.ACCESS_KEY)
                    .set("responder.s3.secret-key", S3TestServer.SECRET_KEY);
            CliRun.Result ok = cli.run("config", "validate", "s3://config-bucket/responder.json");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("valid: s3://config-bucket/responder.json");

            CliRun.Result bad = cli.run("config", "validate", "s3://config-bucket/broken.json");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("field body is missing");

            // attachments from S3: each object is checked with a HEAD
            s3.createBucket("installers");
            s3.put("installers", "Psiphon3.exe", "MZ".getBytes());
            s3.put("installers", "PsiphonAndroid.apk", "PK".getBytes());
            cli.set("responder.attachments.source", "s3");
            CliRun.Result present = cli.run("config", "validate", "s3://config-bucket/responder.json");
            assertThat(present.exit()).as(present.err()).isZero();
            s3.put("config-bucket", "missing.json", ("[{\"email_addr\": \"get@x.test\", \"body\": \"b\","
                    + " \"attachments\": [[\"installers\", \"Gone.exe\", \"Gone.exe\"]]}]").getBytes());
            CliRun.Result gone = cli.run("config", "validate", "s3://config-bucket/missing.json");
            assertThat(gone.exit()).isEqualTo(1);
            assertThat(gone.err().strip()).isEqualTo("validate: invalid config: get@x.test mail 1: attachment "
                    + "[installers, Gone.exe, Gone.exe]: s3://installers/Gone.exe: no such object (404)");
        }
    }
}
