package org.mailresponder.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.testing.S3TestServer;
import org.mailresponder.testing.TestDatabase;

/** config validate: the service's parser, one line naming the entry and field on failure. */
class ConfigValidateCommandTest {

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
        CliRun.Result r = cli.run("config", "validate",
                file("{\"get@example.org\": {\"body\": \"hi\", \"attachment_bucket\": \"b\"}}").toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("1 address(es), 1 entry").contains("warning: legacy object format");
    }

    @Test
    void withoutArgumentTheConfiguredSourceIsValidatedAsTheServiceLoadsIt() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            CliRun service = CliRun.on(db, "validate-key-0123456789");

            CliRun.Result ok = service.set("responder.config", PROJECT_CONFIG.toString()).run("config", "validate");
            assertThat(ok.exit()).isZero();
            assertThat(ok.out()).contains("valid: " + PROJECT_CONFIG);

            CliRun.Result bad = service.set("responder.config", file("[]").toString()).run("config", "validate");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err().strip()).isEqualTo("validate: invalid config: config has no entries");
        }
    }

    @Test
    void s3LocationsAreValidatedFromS3() throws Exception {
        try (TestDatabase db = TestDatabase.create(); S3TestServer s3 = new S3TestServer()) {
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
        }
    }
}
