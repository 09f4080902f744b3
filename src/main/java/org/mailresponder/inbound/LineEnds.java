package org.mailresponder.inbound;

import java.io.ByteArrayOutputStream;

/**
 * Line ends made canonical. Mail arrives with CRLF (SMTP), bare LF (maildir files) or even bare CR (old Mac
 * tools); the MIME parser and DKIM both need CRLF, so every other line end becomes one.
 */
public final class LineEnds {

    private LineEnds() {
    }

    /** The message with every CR, LF or CRLF line end written as CRLF; the same array when it already is. */
    public static byte[] crlf(byte[] message) {
        if (isCrlf(message)) {
            return message;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 16 + 2);
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static boolean isCrlf(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\r') {
                if (i + 1 >= m.length || m[i + 1] != '\n') {
                    return false;
                }
                i++;
            } else if (m[i] == '\n') {
                return false;
            }
        }
        return true;
    }
}
