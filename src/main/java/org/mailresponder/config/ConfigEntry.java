package org.mailresponder.config;

import java.util.List;

/**
 * One answer the responder sends for a requested address. {@code index} is the entry's position among the
 * entries for the same address, which is what "answered at most once per entry" is keyed on.
 */
public record ConfigEntry(String emailAddr, int index, List<BodyPart> body, List<AttachmentRef> attachments,
                          SendMethod sendMethod) {

    public ConfigEntry {
        body = List.copyOf(body);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        sendMethod = sendMethod == null ? SendMethod.DEFAULT : sendMethod;
    }
}
