package org.mailresponder.dkim;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.impl.DNSPublicKeyRecordRetriever;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/** Where inbound DKIM verification finds selector keys: TXT records in DNS, through a configurable resolver. */
public final class DkimKeyRecords {

    private DkimKeyRecords() {
    }

    /**
     * @param servers resolvers to ask ({@code host} or {@code host:port}); empty means the system's resolvers
     * @param timeout how long one lookup may take in all; a timeout counts as a temporary failure
     */
    public static PublicKeyRecordRetriever dns(List<String> servers, Duration timeout) {
        Resolver resolver;
        if (servers.isEmpty()) {
            resolver = Lookup.getDefaultResolver();
        } else {
            try {
                ExtendedResolver r = new ExtendedResolver(servers.stream().map(DkimKeyRecords::simple)
                        .toArray(Resolver[]::new));
                r.setRetries(1);
                resolver = r;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("responder.dkim.verify.dns-servers: " + e.getMessage(), e);
            }
        }
        resolver.setTimeout(timeout);
        return new DNSPublicKeyRecordRetriever(resolver);
    }

    private static Resolver simple(String server) {
        String host = server.trim();
        int port = 53;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(':') == colon) {
            port = Integer.parseInt(host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        try {
            SimpleResolver r = new SimpleResolver(host);
            r.setPort(port);
            return r;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown DNS server " + server, e);
        }
    }
}
