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

    /** The delivery route's name ({@code outbox}, {@code smtp}, {@code ses}): routes go to {@code direct:deliver-<name>}. */
    public String routeFor(OutgoingMail mail) {
        return resolve(mail).routeName();
    }
}
