package org.mailresponder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailresponder.inbound.MailboxMessages;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

/** Requests read from a real IMAP mailbox (GreenMail) instead of the maildir; answers go to the outbox. */
class MailboxIngestTest extends ResponderRouteTest {

    private static final String USER = "get@responder.test";
    private static GreenMail imap;
    private static GreenMailUser mailbox;

    // Camel's test support reads the properties in its constructor, so the server must be up before that.
    static {
        imap = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        imap.start();
        mailbox = imap.setUser(USER, USER, "secret");
    }

    @BeforeEach
    void purge() throws Exception {
        imap.purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void keepRunning() {
        // one server for the class; the JVM ends it
    }

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.mailbox.enabled", "true");
        p.setProperty("responder.mailbox.protocol", "imap");
        p.setProperty("responder.mailbox.host", "127.0.0.1");
        p.setProperty("responder.mailbox.port", String.valueOf(imap.getImap().getPort()));
        p.setProperty("responder.mailbox.username", USER);
        p.setProperty("responder.mailbox.password", "secret");
        p.setProperty("responder.mailbox.poll-delay", "100");
        p.setProperty("responder.mailbox.processed-folder", "Processed");
    }

    @Test
    void aRequestIsAnsweredOnceAndMovedToTheProcessedFolder() throws Exception {
        mailbox.deliver(message(Files.readAllBytes(PROJECT.resolve("config/samples/01-plain-request.eml"))));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> files(outbox()).size() == 2);
        Thread.sleep(1000); // several more polls: nothing is answered twice
        assertThat(files(outbox())).hasSize(2);
        assertThat(count("INBOX")).isZero();
        assertThat(count("Processed")).isEqualTo(1);
    }

    @Test
    void theRequestedAddressComesFromDeliveredToOrTo() throws Exception {
        // an IMAP mailbox has no X-Original-To: the requested address comes from To
        mailbox.deliver(message(RequestMail.from("bob@mail.example").to("get+fa@responder.test").withoutOriginalTo()
                .subject("hi").messageId("<fa-1@mail.example>").bytes()));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> files(outbox()).size() == 1);
        assertThat(Files.readString(files(outbox()).get(0))).contains("Reply-To: get+fa@responder.test");
    }

    @Test
    void aMalformedRequestIsFlaggedAndMovedToTheFailedFolderNotTheMaildir() throws Exception {
        mailbox.deliver(message(Files.readAllBytes(PROJECT.resolve("src/test/resources/corpus/75-malformed-no-from.eml"))));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> count("responder-failed") == 1);
        assertThat(count("INBOX")).isZero();
        try (Store store = store()) {
            Folder failed = store.getFolder("responder-failed");
            failed.open(Folder.READ_ONLY);
            Message m = failed.getMessage(1);
            assertThat(m.getFlags().contains(MailboxMessages.FAILED_KEYWORD)).isTrue();
            assertThat(m.getFlags().contains(Flags.Flag.SEEN)).isTrue();
        }
        assertThat(files(maildir().resolve("failed"))).isEmpty();
        assertThat(files(outbox())).isEmpty();
    }

    private static MimeMessage message(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    private static Store store() throws Exception {
        Properties props = new Properties();
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", imap.getImap().getPort(), USER, "secret");
        return store;
    }

    private static int count(String folderName) throws Exception {
        try (Store store = store()) {
            Folder f = store.getFolder(folderName);
            if (!f.exists()) {
                return 0;
            }
            f.open(Folder.READ_ONLY);
            int n = 0;
            for (Message m : f.getMessages()) {
                if (!m.isSet(Flags.Flag.DELETED)) {
                    n++;
                }
            }
            f.close(false);
            return n;
        }
    }
}
