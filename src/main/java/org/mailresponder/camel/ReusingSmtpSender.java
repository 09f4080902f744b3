package org.mailresponder.camel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;

/**
 * camel-mail's sender with one SMTP connection kept open per worker thread. The default sender connects, says
 * EHLO, sends one mail and disconnects every time, which held a relay at about 50 answers/s. A kept connection is
 * checked before use (SMTP NOOP) and replaced when the relay has dropped it; a mail is never re-sent here, so a
 * failure goes back to the route, which releases the claim and retries the request as for any outage.
 */
public class ReusingSmtpSender extends DefaultJavaMailSender implements AutoCloseable {

    private final ThreadLocal<Transport> connection = new ThreadLocal<>();
    private final Set<Transport> open = ConcurrentHashMap.newKeySet();

    /** camel-mail leaves a sender it is given unconfigured, so the relay's settings come in here. */
    public ReusingSmtpSender(String protocol, String host, int port, String username, String password,
                             long timeoutMillis) {
        setProtocol(protocol);
        setHost(host);
        setPort(port);
        if (username != null && !username.isBlank()) {
            setUsername(username);
            setPassword(password);
        }
        java.util.Properties props = new java.util.Properties();
        for (String p : new String[] {"connectiontimeout", "timeout", "writetimeout"}) {
            props.setProperty("mail." + protocol + "." + p, String.valueOf(timeoutMillis));
        }
        setJavaMailProperties(props);
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        Transport transport = connection.get();
        if (transport == null || !transport.isConnected()) {
            if (transport != null) {
                closeQuietly(transport);
            }
            transport = getTransport(getSession());
            PasswordAuthentication auth = getPasswordAuthentication();
            transport.connect(getHost(), getPort(), auth == null ? null : auth.getUserName(),
                    auth == null ? null : auth.getPassword());
            connection.set(transport);
            open.add(transport);
        }
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            // the connection's state is unknown after a failure: the next mail starts on a new one
            closeQuietly(transport);
            connection.remove();
            throw e;
        }
    }

    private void closeQuietly(Transport transport) {
        open.remove(transport);
        try {
            transport.close();
        } catch (MessagingException e) {
            // already gone
        }
    }

    /** Closes every kept connection (on context stop). */
    @Override
    public void close() {
        for (Transport t : Set.copyOf(open)) {
            closeQuietly(t);
        }
    }
}
