package org.mailresponder.probe;

import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.MeterRegistry;

/** GreenMail as the probe's world: SMTP for the transport, IMAP for the service's mailbox and the probe mailbox. */
final class ProbeMailServers {

    private static final String SERVED = "get+fa@responder.test";
    private static final String PROBE = "probe@client.example";

    private ProbeMailServers() {
    }

    /** SMTP and IMAP on free ports, with the service's mailbox and the probe mailbox. */
    static GreenMail mailServer() {
        GreenMail mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(),
                ServerSetupTest.IMAP.dynamicPort()});
        mail.start();
        // login without the '+': ingest-mailbox passes its user name to camel-mail unescaped, where '+' is a space
        mail.setUser(SERVED, "get-fa", "secret");
        mail.setUser(PROBE, PROBE, "secret");
        return mail;
    }

    static void probeSettings(Properties p, GreenMail mail, boolean serviceReadsItsMailbox) {
        p.setProperty("responder.delivery.method", "smtp");
        p.setProperty("responder.smtp.host", "127.0.0.1");
        p.setProperty("responder.smtp.port", String.valueOf(mail.getSmtp().getPort()));
        p.setProperty("responder.mailbox.enabled", String.valueOf(serviceReadsItsMailbox));
        p.setProperty("responder.mailbox.protocol", "imap");
        p.setProperty("responder.mailbox.host", "127.0.0.1");
        p.setProperty("responder.mailbox.port", String.valueOf(mail.getImap().getPort()));
        p.setProperty("responder.mailbox.username", "get-fa");
        p.setProperty("responder.mailbox.password", "secret");
        p.setProperty("responder.mailbox.poll-delay", "100");
        p.setProperty("responder.rate-limit.exempt-domains", "client.example");
        p.setProperty("responder.probe.enabled", "true");
        p.setProperty("responder.probe.address", SERVED);
        p.setProperty("responder.probe.mailbox.address", PROBE);
        p.setProperty("responder.probe.period", "1000");
        p.setProperty("responder.probe.timeout", "6000");
        p.setProperty("responder.probe.mailbox.protocol", "imap");
        p.setProperty("responder.probe.mailbox.host", "127.0.0.1");
        p.setProperty("responder.probe.mailbox.port", String.valueOf(mail.getImap().getPort()));
        p.setProperty("responder.probe.mailbox.username", PROBE);
        p.setProperty("responder.probe.mailbox.password", "secret");
        p.setProperty("responder.probe.mailbox.poll-delay", "100");
    }

    static double runs(MeterRegistry meters, String result) {
        var c = meters.find("responder.probe.runs").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }
}
