package org.mailresponder.app;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.mailresponder.config.CommaList;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.dkim.DkimSigning;
import org.mailresponder.inbound.DkimPolicy;
import org.mailresponder.inbound.InboundDkimVerifier;
import org.mailresponder.screen.RequestIntake;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.screen.RequestScreen;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.screen.ScreenSettings;

/** Parsing and screening of a request ({@code intake}): which mail is answered, and why not. */
public class ScreenBeans {

    /** Asks DNS for selector keys only when a DKIM policy is on. */
    @BindToRegistry("inboundDkimVerifier")
    public InboundDkimVerifier inboundDkimVerifier(@PropertyInject("responder.dkim.policy") String policy,
                                                   @PropertyInject("responder.dkim.verify.dns-servers") String dnsServers,
                                                   @PropertyInject("responder.dkim.verify.dns-timeout") long dnsTimeout) {
        return DkimPolicy.Mode.parse(policy) == DkimPolicy.Mode.OFF ? InboundDkimVerifier.NONE
                : DkimSigning.inboundVerifier(List.copyOf(CommaList.parse(dnsServers)), dnsTimeout);
    }

    @BindToRegistry("intake")
    public RequestIntake intake(InboundDkimVerifier verifier, SenderIdentity senders, ResponderConfigHolder configHolder,
                                @PropertyInject("responder.from") String from,
                                @PropertyInject("responder.complaints-address") String complaintsAddress,
                                @PropertyInject("responder.inbound.max-bytes") int maxBytes,
                                @PropertyInject("responder.inbound.max-mime-depth") int maxMimeDepth,
                                @PropertyInject("responder.dkim.policy") String policy,
                                @PropertyInject("responder.dkim.required-domains") String requiredDomains,
                                @PropertyInject("responder.dkim.authserv-ids") String authservIds,
                                @PropertyInject("responder.screen.noreply-pattern") String noreplyPattern,
                                @PropertyInject("responder.screen.bounce-senders") String bounceSenders,
                                @PropertyInject("responder.screen.delivery-system-senders") String deliverySystemSenders,
                                @PropertyInject("responder.screen.daemon-return-paths") String daemonReturnPaths,
                                @PropertyInject("responder.screen.autoresponder-headers") String autoresponderHeaders,
                                @PropertyInject("responder.screen.list-headers") String listHeaders,
                                @PropertyInject("responder.screen.bulk-precedence") String bulkPrecedence,
                                @PropertyInject("responder.screen.complaint-marker-headers") String complaintMarkers,
                                @PropertyInject("responder.screen.read-receipt-subjects") String readReceiptSubjects,
                                @PropertyInject("responder.screen.auto-reply-subjects") String autoReplySubjects,
                                @PropertyInject("responder.screen.challenge-subjects") String challengeSubjects,
                                @PropertyInject("responder.screen.delivery-failure-subjects") String deliveryFailureSubjects) {
        Map<String, String> lists = Map.ofEntries(
                Map.entry("noreply-pattern", noreplyPattern), Map.entry("bounce-senders", bounceSenders),
                Map.entry("delivery-system-senders", deliverySystemSenders),
                Map.entry("daemon-return-paths", daemonReturnPaths),
                Map.entry("autoresponder-headers", autoresponderHeaders), Map.entry("list-headers", listHeaders),
                Map.entry("bulk-precedence", bulkPrecedence), Map.entry("complaint-marker-headers", complaintMarkers),
                Map.entry("read-receipt-subjects", readReceiptSubjects),
                Map.entry("auto-reply-subjects", autoReplySubjects), Map.entry("challenge-subjects", challengeSubjects),
                Map.entry("delivery-failure-subjects", deliveryFailureSubjects));
        Set<String> own = new LinkedHashSet<>(List.of(from, complaintsAddress));
        ScreenSettings settings = ScreenSettings.from(complaintsAddress, own, lists::get);
        DkimPolicy dkim = new DkimPolicy(DkimPolicy.Mode.parse(policy), CommaList.parse(requiredDomains),
                CommaList.parse(authservIds));
        return new RequestIntake(new RequestParser(senders, maxBytes, maxMimeDepth),
                new RequestScreen(settings, dkim, verifier), configHolder);
    }
}
