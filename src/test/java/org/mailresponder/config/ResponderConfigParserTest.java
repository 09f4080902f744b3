package org.mailresponder.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponderConfigParserTest {

    final ResponderConfigParser parser = new ResponderConfigParser("Psiphon3.exe", "Psiphon3.ex_");

    ResponderConfig parse(String json) throws ConfigValidationException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void sampleConfigShippedWithTheProjectIsValid() throws Exception {
        ResponderConfig c = parser.parse(Files.readAllBytes(Path.of("config/responder.json")), null);
        assertThat(c.addresses()).containsExactly("android@responder.test", "get+fa@responder.test", "get@responder.test");
        assertThat(c.entriesFor("get@responder.test")).hasSize(2);
        assertThat(c.entriesFor("get@responder.test").get(0).body()).extracting(BodyPart::kind)
                .containsExactly(BodyPart.Kind.PLAIN, BodyPart.Kind.HTML);
        assertThat(c.entriesFor("get@responder.test").get(1).attachments()).hasSize(2);
        assertThat(c.domains()).containsExactly("responder.test");
    }

    @Test
    void seedListFormatKeepsEntryOrderPerAddressAndIndexesThem() throws Exception {
        ResponderConfig c = parse("""
                [{"email_addr": "a@x.test", "body": "first", "attachments": null},
                 {"email_addr": "b@x.test", "body": [["plain", "p"], ["html", "<b>h</b>"]], "attachments": null},
                 {"email_addr": "a@x.test", "body": "second", "attachments": [["bucket", "k.exe", "k.ex_"]],
                  "send_method": "SES"}]""");
        assertThat(c.entriesFor("a@x.test")).extracting(e -> e.body().get(0).text()).containsExactly("first", "second");
        assertThat(c.entriesFor("a@x.test")).extracting(ConfigEntry::index).containsExactly(0, 1);
        assertThat(c.entriesFor("a@x.test").get(1).attachments())
                .containsExactly(new AttachmentRef("bucket", "k.exe", "k.ex_"));
        assertThat(c.entriesFor("a@x.test").get(1).sendMethod()).isEqualTo(SendMethod.SES);
        assertThat(c.entriesFor("a@x.test").get(0).sendMethod()).isEqualTo(SendMethod.DEFAULT);
        assertThat(c.serves("c@x.test")).isFalse();
    }

    @Test
    void legacyObjectFormatIsAcceptedWithItsSingleAttachment() throws Exception {
        ResponderConfig c = parse("""
                {"simplebody@example2.com": {"body": "Just a string", "attachment_bucket": null},
                 "attachment@example3.com": {"body": "I have an attachment", "attachment_bucket": "aaaa-bbbb"}}""");
        assertThat(c.entriesFor("simplebody@example2.com").get(0).attachments()).isEmpty();
        assertThat(c.entriesFor("attachment@example3.com").get(0).attachments())
                .containsExactly(new AttachmentRef("aaaa-bbbb", "Psiphon3.exe", "Psiphon3.ex_"));
    }

    @Test
    void versionIsADigestOfTheBytes() throws Exception {
        String json = "[{\"email_addr\": \"a@x.test\", \"body\": \"b\", \"attachments\": null}]";
        assertThat(parse(json).version()).isEqualTo(parse(json).version());
        assertThat(parse(json).version()).isNotEqualTo(parse(json.replace("\"b\"", "\"c\"")).version());
    }

    @Test
    void errorsNameTheEntryAndTheField() {
        assertError("[{\"email_addr\": \"a@x.test\", \"body\": \"b\", \"attachments\": null}, {\"email_addr\": \"B@x.test\", \"body\": \"b\"}]",
                "entry #2: field email_addr \"B@x.test\" must be lower-case");
        assertError("[{\"email_addr\": \"a@x.test\", \"attachments\": null}]", "entry #1 (a@x.test): field body is missing");
        assertError("[{\"email_addr\": \"a@x.test\", \"body\": [[\"rtf\", \"x\"]]}]",
                "entry #1 (a@x.test): field body[0] has mimetype \"rtf\"");
        assertError("[{\"email_addr\": \"a@x.test\", \"body\": \"b\", \"attachments\": [[\"bucket\", \"key\"]]}]",
                "entry #1 (a@x.test): field attachments[0] must be a [bucket, key, filename] triple");
        assertError("[{\"email_addr\": \"a@x.test\", \"body\": \"b\", \"attachment\": null}]",
                "entry #1 (a@x.test): unknown field \"attachment\"");
        assertError("[{\"email_addr\": \"a@x.test\", \"body\": \"b\", \"send_method\": \"FAX\"}]",
                "field send_method \"FAX\" must be SES, SMTP or OUTBOX");
        assertError("[{\"email_addr\": \"not-an-address\", \"body\": \"b\"}]", "is not an address");
        assertError("[{\"email_addr\": \"a@x.test\", \"body\": \"b\",]", "not valid JSON");
        assertError("[]", "config has no entries");
        assertError("\"just a string\"", "must be a JSON list");
    }

    private void assertError(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ConfigValidationException.class).hasMessageContaining(message);
    }
}
