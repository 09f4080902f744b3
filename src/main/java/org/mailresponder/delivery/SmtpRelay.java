package org.mailresponder.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The camel-mail endpoint of the SMTP relay. Credentials appear in it only when a user name is set: an empty
 * user name would still make the mail client try SMTP AUTH, which a local Postfix without SASL refuses.
 */
public class SmtpRelay {

    private final String uri;

    public SmtpRelay(String protocol, String host, int port, String username, String password, long timeoutMillis) {
        StringBuilder sb = new StringBuilder(protocol).append("://").append(host).append(':').append(port)
                .append("?connectionTimeout=").append(timeoutMillis)
                .append("&javaMailSender=#smtpSender");
        if (username != null && !username.isBlank()) {
            sb.append("&username=").append(URLEncoder.encode(username, StandardCharsets.UTF_8))
                    .append("&password=RAW(").append(password == null ? "" : password).append(')');
        }
        this.uri = sb.toString();
    }

    public String endpointUri() {
        return uri;
    }

    @Override
    public String toString() {
        return uri.replaceAll("password=RAW\\(.*\\)", "password=xxxxxx");
    }
}
