package org.mailresponder.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;

/**
 * Requests fetched from an IMAP or POP3 mailbox: their bytes as received, and the mark left on one that can never
 * be answered (the mailbox's counterpart of the maildir's failed/ folder).
 */
public class MailboxMessages {

    /** The keyword set on a message that failed; the reason is in the request log line of the same request. */
    public static final String FAILED_KEYWORD = "responder-failed";

    public byte[] rawBytes(Message message) throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, message.getSize()));
        message.writeTo(out);
        return out.toByteArray();
    }

    /** Flags the message; POP3 has no flags, so there only the request log line records the failure. */
    public void markFailed(Message message) {
        try {
            message.setFlags(new Flags(FAILED_KEYWORD), true);
        } catch (MessagingException | IllegalStateException e) {
            // POP3 and read-only folders: nothing to flag, the failure is still logged and counted
        }
    }
}
