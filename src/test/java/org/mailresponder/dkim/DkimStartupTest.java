package org.mailresponder.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.app.MailResponder;
import org.mailresponder.app.ResponderService;

/**
 * A key file that is set but cannot be used stops the service at start-up with a message naming the file, instead
 * of letting answers leave unsigned. Runs the real main set-up (properties, routes, beans) as the jar does.
 */
class DkimStartupTest {

    @TempDir
    Path work;

    @Test
    void aMissingKeyFileStopsTheStartWithAClearMessage() {
        Path missing = work.resolve("no-such-key.pem");
        Throwable failure = start(missing);
        assertThat(failure).as("the service must not start").isNotNull();
        assertThat(rootMessage(failure)).contains("DKIM signing key " + missing + " file does not exist")
                .contains("responder.dkim.sign.key-file");
    }

    @Test
    void aKeyFileThatIsNoKeyStopsTheStart() throws Exception {
        Path garbage = Files.writeString(work.resolve("key.pem"), "not a key");
        Throwable failure = start(garbage);
        assertThat(failure).isNotNull();
        assertThat(rootMessage(failure)).contains(garbage.toString()).contains("is not a PEM file");
    }

    private Throwable start(Path keyFile) {
        Path project = DkimTestKit.PROJECT;
        Main main = new Main(MailResponder.class);
        main.setPropertyPlaceholderLocations(ResponderService.propertiesLocation(project));
        ResponderService.configure(main.configure(), project);
        Properties p = new Properties();
        p.setProperty("responder.maildir", work.resolve("maildir").toString());
        p.setProperty("responder.outbox", work.resolve("outbox").toString());
        p.setProperty("responder.data-dir", work.resolve("data").toString());
        p.setProperty("responder.db.url", "jdbc:h2:file:" + work.resolve("data/responder") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        p.setProperty("responder.config", project.resolve("config/responder.json").toString());
        p.setProperty("responder.buckets-dir", project.resolve("config/buckets").toString());
        p.setProperty("responder.rate-limit.hash-key", "test-hash-key-0123456789");
        p.setProperty("responder.dkim.sign.key-file", keyFile.toString());
        p.setProperty("camel.main.jmx-enabled", "false");
        main.setOverrideProperties(p);
        try {
            main.start();
            return null;
        } catch (Exception e) {
            return e;
        } finally {
            try {
                main.stop();
            } catch (Exception ignored) {
                // not started
            }
        }
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }
}
