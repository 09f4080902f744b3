package org.mailresponder.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

import javax.sql.DataSource;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.mailresponder.config.CommaList;
import org.mailresponder.ratelimit.HashKeyFile;
import org.mailresponder.ratelimit.HashKeyGuard;
import org.mailresponder.ratelimit.RecipientBounds;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.ratelimit.SenderLists;

/** Who a sender is (the keyed hash) and how much may be sent to whom. Also what the admin's limit commands use. */
public class LimitBeans {

    /** The hash key is checked against the one the database was filled with before anything is counted. */
    @BindToRegistry("senderIdentity")
    public SenderIdentity senderIdentity(DataSource dataSource,
                                         @PropertyInject("responder.rate-limit.hash-key") String hashKey,
                                         @PropertyInject("responder.data-dir") String dataDir) {
        SenderIdentity senders = new SenderIdentity(hashKey.isBlank()
                ? HashKeyFile.loadOrCreate(Path.of(dataDir, "hash-key")) : hashKey);
        HashKeyGuard.verify(dataSource, senders);
        return senders;
    }

    @BindToRegistry("senderLimits")
    public SenderLimits senderLimits(@PropertyInject("responder.rate-limit.daily-limit") int dailyLimit,
                                     @PropertyInject("responder.rate-limit.exempt-domains") String exemptDomains,
                                     @PropertyInject("responder.rate-limit.blocked-domains") String blockedDomains,
                                     @PropertyInject("responder.rate-limit.zone") String zone,
                                     CamelContext context) {
        return new SenderLimits(dailyLimit, CommaList.parse(exemptDomains), CommaList.parse(blockedDomains),
                ZoneId.of(zone.strip()), limitsClock(context));
    }

    /**
     * The clock the limit periods (day, hour) follow: the system's, unless a {@code limitsClock} bean is bound before
     * the service's beans (tests start it at the beginning of an hour instead of waiting for one).
     */
    static Clock limitsClock(CamelContext context) {
        Clock bound = context.getRegistry().lookupByNameAndType("limitsClock", Clock.class);
        return bound != null ? bound : Clock.systemUTC();
    }

    @BindToRegistry("recipientBounds")
    public RecipientBounds recipientBounds(@PropertyInject("responder.rate-limit.domain-daily-cap") int domainDailyCap,
                                           @PropertyInject("responder.rate-limit.shared-domains") String sharedDomains,
                                           @PropertyInject("responder.rate-limit.shared-domain-daily-cap") int sharedCap,
                                           @PropertyInject("responder.rate-limit.global-hourly-cap") int globalCap,
                                           @PropertyInject("responder.forward.hourly-cap") int forwardCap) {
        return new RecipientBounds(domainDailyCap, CommaList.parse(sharedDomains), sharedCap, globalCap, forwardCap);
    }

    @BindToRegistry("senderLists")
    public SenderLists senderLists(DataSource dataSource) {
        return new SenderLists(dataSource);
    }
}
