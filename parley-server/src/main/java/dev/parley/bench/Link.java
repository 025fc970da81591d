package dev.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One bench WebSocket. The JDK client allows one send at a time per socket, so sends are chained;
 * whole text frames are handed to the handler on the client's own thread.
 */
final class Link implements WebSocket.Listener {
    private final Consumer<String> onFrame;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket ws;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    volatile boolean closed;

    private Link(Consumer<String> onFrame) {
        this.onFrame = onFrame;
    }

    static CompletableFuture<Link> open(HttpClient client, String url, String token, Consumer<String> onFrame) {
        Link link = new Link(onFrame);
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(url), link)
                .thenApply(ws -> {
                    link.ws = ws;
                    return link;
                });
    }

    /** Queues a text frame behind the ones not yet written. */
    synchronized void send(String text) {
        tail = tail.thenCompose(x -> ws.sendText(text, true)).exceptionally(e -> {
            closed = true;
            return null;
        });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last && partial.length() == 0) {
            onFrame.accept(data.toString());
        } else {
            partial.append(data);
            if (last) {
                onFrame.accept(partial.toString());
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed = true;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
    }

    void close() {
        WebSocket w = ws;
        if (w != null && !closed) {
            w.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").exceptionally(e -> null);
        }
    }

    /**
     * @implNote Each client runs its sockets' callbacks on its own selector thread (a direct
     * executor) instead of handing every frame to a pool thread: the bench's handlers only count
     * and queue a send, and the hand-off (a wake-up per frame, three frames a message) cost the
     * bench more CPU than the handlers, CPU that a local node under test then lacks.
     */
    static HttpClient[] clients(int n) {
        HttpClient[] c = new HttpClient[n];
        for (int i = 0; i < n; i++) {
            c[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).executor(Runnable::run).build();
        }
        return c;
    }
}
