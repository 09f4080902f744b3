package org.mailresponder.dkim;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A DNS server on a loopback UDP port that answers TXT queries from a table (NXDOMAIN otherwise), so the
 * service's real resolver path — dnsjava, jDKIM's DNS key retriever, {@code responder.dkim.verify.dns-servers} —
 * is exercised over the network without the internet. Long records are split into 255-byte strings as in real
 * zones.
 */
final class LoopbackDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, String> txt;
    private final Thread thread;

    LoopbackDns(Map<String, String> txtRecords) throws SocketException {
        this.txt = Map.copyOf(txtRecords);
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                Message query = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
                byte[] answer = answer(query).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) throws IOException {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        Name name = question.getName();
        String value = txt.get(name.toString(true).toLowerCase(java.util.Locale.ROOT));
        if (value == null || question.getType() != Type.TXT) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            chunks.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        response.addRecord(new TXTRecord(name, DClass.IN, 60, chunks), Section.ANSWER);
        return response;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
