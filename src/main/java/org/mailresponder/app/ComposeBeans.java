package org.mailresponder.app;

import java.time.Clock;
import java.util.List;

import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.AttachmentNameRules;
import org.mailresponder.compose.AttachmentStore;
import org.mailresponder.compose.DeliveryAlertComposer;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.config.CommaList;
import org.mailresponder.dkim.AnswerSigner;
import org.mailresponder.dkim.DkimSigning;

/** The mails the service writes (answers, forwards, alerts), how they are signed, and by which method they go. */
public class ComposeBeans {

    @BindToRegistry("composer")
    public AnswerComposer composer(AttachmentStore attachmentStore,
                                   @PropertyInject("responder.from") String from,
                                   @PropertyInject("responder.from-name") String fromName,
                                   @PropertyInject("responder.complaints-address") String complaintsAddress,
                                   @PropertyInject("responder.admin-addresses") String adminAddresses,
                                   @PropertyInject("responder.admin-subject-tag") String adminSubjectTag,
                                   @PropertyInject("responder.attachment-names.domains") String safeNameDomains,
                                   @PropertyInject("responder.attachment-names.renames") String renames) {
        AttachmentNameRules nameRules = new AttachmentNameRules(CommaList.parse(safeNameDomains),
                AttachmentNameRules.parseRenames(renames));
        return new AnswerComposer(attachmentStore, nameRules, from, fromName, complaintsAddress,
                List.copyOf(CommaList.parse(adminAddresses)), adminSubjectTag, Clock.systemUTC());
    }

    @BindToRegistry("deliveryAlerts")
    public DeliveryAlertComposer deliveryAlerts(@PropertyInject("responder.from") String from,
                                                @PropertyInject("responder.complaints-address") String complaintsAddress,
                                                @PropertyInject("responder.admin-addresses") String adminAddresses,
                                                @PropertyInject("responder.admin-subject-tag") String adminSubjectTag) {
        return new DeliveryAlertComposer(from, complaintsAddress, List.copyOf(CommaList.parse(adminAddresses)),
                adminSubjectTag, Clock.systemUTC());
    }

    /** Fails the start when a key file is set but cannot be used. */
    @BindToRegistry("dkimSigner")
    public AnswerSigner dkimSigner(@PropertyInject("responder.from") String from,
                                   @PropertyInject("responder.dkim.sign.key-file") String keyFile,
                                   @PropertyInject("responder.dkim.sign.domain") String domain,
                                   @PropertyInject("responder.dkim.sign.selector") String selector,
                                   @PropertyInject("responder.dkim.sign.headers") String headers,
                                   @PropertyInject("responder.dkim.sign.provider") String provider) {
        return DkimSigning.signer(keyFile, domain, from, selector, headers, provider);
    }

    @BindToRegistry("deliveryMethods")
    public DeliveryMethods deliveryMethods(@PropertyInject("responder.delivery.method") String method) {
        return new DeliveryMethods(method);
    }
}
