package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client for tests: frames are queued and awaited with a timeout, never slept for. */
public final class Socket implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final WebSocket ws;
    private volatile boolean closed;
    private final java.util.concurrent.CompletableFuture<Integer> closeCode = new java.util.concurrent.CompletableFuture<>();

    private Socket(String url, String token, java.util.Map<String, String> headers) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        this.ws = b.buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder buf = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                buf.append(data);
                if (last) {
                    try {
                        JsonNode frame = Api.JSON.readTree(buf.toString());
                        log.add(frame);
                        frames.add(frame);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    buf.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                closed = true;
                closeCode.complete(status);
                return null;
            }
        }).join();
    }

    public static Socket open(TestNode node, String token, String query) {
        return new Socket(node.wsUrl() + (query == null ? "" : "?" + query), token, java.util.Map.of());
    }

    /** A socket that sends extra upgrade headers (an Origin, as a browser would). */
    public static Socket open(TestNode node, String token, String query, java.util.Map<String, String> headers) {
        return new Socket(node.wsUrl() + (query == null ? "" : "?" + query), token, headers);
    }

    /** A socket to any node's stream URL (e.g. a node in another JVM). */
    public static Socket open(String url, String token) {
        return new Socket(url, token, java.util.Map.of());
    }

    public static Socket open(TestNode node, String token) {
        return open(node, token, null);
    }

    public void send(String json) {
        ws.sendText(json, true).join();
    }

    /** A binary frame, which the stream does not take (its frames are JSON text). */
    public void sendBinary(byte[] bytes) {
        ws.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    /** The next frame matching, skipping others; fails after the timeout. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode f;
            try {
                f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (f == null) {
                throw new AssertionError("no matching frame within " + timeout);
            }
            if (match.test(f)) {
                return f;
            }
        }
    }

    public JsonNode await(Predicate<JsonNode> match) {
        return await(match, Duration.ofSeconds(10));
    }

    /** Events of a type, as they arrive. */
    public JsonNode awaitEvent(String type) {
        return await(f -> "event".equals(f.path("type").asText()) && type.equals(f.at("/event/type").asText()));
    }

    /** Everything received within the window (for asserting that something did NOT arrive). */
    public List<JsonNode> drain(Duration window) {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
                if (f == null) {
                    return out;
                }
                out.add(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        }
    }

    /**
     * Waits until some frame received so far, awaited or not, matches: for frames whose order
     * against others is not promised (presence, typing), which {@link #await} could skip past.
     */
    public JsonNode awaitSeen(Predicate<JsonNode> match) {
        return Eventually.await("a matching frame", Duration.ofSeconds(10),
                () -> log.stream().filter(match).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** Every frame this socket has received so far, awaited or not. */
    public List<JsonNode> received() {
        return List.copyOf(log);
    }

    /** The close code the server sent; fails if the socket is still open after the timeout. */
    public int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the socket was still open after " + timeout);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
