package org.mailresponder.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on 127.0.0.1 that a test can stop and start, to make a real server (the shared MariaDB)
 * unreachable for the service under test without stopping the server itself.
 */
public final class TcpProxy implements AutoCloseable {

    private final int listenPort;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean blackHoled;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listenPort = ResponderRouteTest.freePort();
    }

    public int port() {
        return listenPort;
    }

    public synchronized TcpProxy start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        server = s;
        Thread accept = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    holdWhileBlackHoled();
                    Socket upstream = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // closed by stop()
                }
            }
        }, "tcp-proxy-accept");
        accept.setDaemon(true);
        accept.start();
        return this;
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    holdWhileBlackHoled();
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Keeps every connection open but lets nothing through, and accepts new connections without answering: a
     * server (or a network path) that drops packets, which only timeouts end.
     */
    public void blackHole() {
        blackHoled = true;
    }

    /** Lets traffic through again after {@link #blackHole()}; what was held is delivered late. */
    public void resume() {
        blackHoled = false;
    }

    private void holdWhileBlackHoled() {
        while (blackHoled) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Refuses new connections and cuts the open ones, as a dead server would look. */
    public synchronized void stop() {
        closeQuietly(server);
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException e) {
            // nothing to do
        }
    }
}
