package org.mailresponder.compose;

import org.mailresponder.config.SendMethod;

/** Picks the delivery route for a mail: its entry's {@code send_method}, else {@code responder.delivery.method}. */
public class DeliveryMethods {

    private final SendMethod defaultMethod;

    public DeliveryMethods(String defaultMethod) {
        SendMethod m = SendMethod.parse(defaultMethod);
        if (m == SendMethod.DEFAULT) {
            throw new IllegalArgumentException("responder.delivery.method must be outbox, smtp or ses");
        }
        this.defaultMethod = m;
    }

    public SendMethod resolve(OutgoingMail mail) {
        return mail.sendMethod() == SendMethod.DEFAULT ? defaultMethod : mail.sendMethod();
    }

    /** The endpoint of the delivery route, e.g. {@code direct:deliver-ses}. */
    public String endpointFor(OutgoingMail mail) {
        return "direct:deliver-" + resolve(mail).routeName();
    }
}
