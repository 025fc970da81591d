package dev.parley.client;

import dev.parley.testing.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 in front of a node, for what an HTTP proxy cannot show: a test
 * {@link #cut}s every connection through it (a stream sees the connection lost, 1006, with no
 * close frame), or takes it {@link #down} (connection refused) and {@link #up} again on the same
 * port, as a node that restarts.
 */
final class TcpProxy implements AutoCloseable {
    private final int port = RedisServer.freePort();
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    TcpProxy(int targetPort) {
        this.target = targetPort;
        up();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Listens (again) on its port. */
    synchronized void up() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = s;
            Thread accept = new Thread(() -> accept(s), "tcp-proxy-accept-" + port);
            accept.setDaemon(true);
            accept.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops every connection through it without a word: no close frame, as when a node dies. */
    void cut() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0); // a reset, as a dead host's kernel answers: the client cannot miss it
            } catch (IOException alreadyClosed) {
                // closed by its pump already
            }
            close(s);
        }
        sockets.clear();
    }

    /** Stops listening and cuts what is open: connecting now is refused. */
    synchronized void down() {
        ServerSocket s = server;
        if (s != null) {
            close(s);
            server = null;
        }
        cut();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket node = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(node);
                pump(client, node);
                pump(node, client);
            } catch (IOException closedOrRefused) {
                // taken down, or the node is not there: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException cut) {
                // one side went: the other goes too
            } finally {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        down();
    }
}
