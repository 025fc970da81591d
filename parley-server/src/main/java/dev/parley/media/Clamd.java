package dev.parley.media;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * ClamAV's daemon, asked over its INSTREAM command (TCP {@code host:port} or a unix socket path):
 * the file is streamed in chunks, and the answer names a signature or says OK. Nothing is stored
 * before the answer, so a file is never served unscanned; a daemon that cannot be reached refuses
 * the upload rather than letting it through.
 */
final class Clamd {
    private static final int CHUNK = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final String address;

    /** @param address {@code host:port}, or the path of clamd's unix socket */
    Clamd(String address) {
        this.address = address;
    }

    /** @return the signature found, or empty when the file is clean */
    Optional<String> scan(Path file) throws IOException {
        try (Connection c = connect()) {
            OutputStream out = c.out();
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = Files.newInputStream(file)) {
                byte[] chunk = new byte[CHUNK];
                int n;
                while ((n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
                    out.write(ByteBuffer.allocate(4).putInt(n).array());
                    out.write(chunk, 0, n);
                }
            }
            out.write(new byte[4]); // a zero-length chunk ends the stream
            out.flush();
            String reply = new String(c.in().readAllBytes(), StandardCharsets.US_ASCII).replace("\0", "").trim();
            if (reply.endsWith(" OK")) {
                return Optional.empty();
            }
            if (reply.endsWith(" FOUND")) {
                return Optional.of(reply.substring(reply.indexOf(':') + 1, reply.length() - " FOUND".length()).trim());
            }
            throw new IOException("clamd answered: " + reply);
        }
    }

    /** One conversation with the daemon: a TCP socket (with a read timeout) or a unix socket. */
    private record Connection(InputStream in, OutputStream out, Closeable socket) implements Closeable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private Connection connect() throws IOException {
        int colon = address.lastIndexOf(':');
        if (address.startsWith("/") || colon < 0) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(address));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new Connection(Channels.newInputStream(channel), Channels.newOutputStream(channel), channel);
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new Connection(socket.getInputStream(), new java.io.BufferedOutputStream(socket.getOutputStream(), CHUNK),
                socket);
    }
}
