package org.mailresponder.dkim;

import org.mailresponder.compose.OutgoingMail;

/** Adds a DKIM-Signature to an outgoing mail's headers. */
public interface AnswerSigner {

    /** Used when no DKIM key is configured: mails leave unsigned. */
    AnswerSigner UNSIGNED = mail -> mail;

    OutgoingMail sign(OutgoingMail mail);
}
