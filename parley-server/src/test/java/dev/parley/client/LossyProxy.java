package dev.parley.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of a node that can lose answers: the request reaches the node and is
 * carried out, but the client's connection is dropped before the response. That is the case
 * idempotent sends exist for: the client cannot tell whether the message was stored. It can also
 * answer a status of its own instead of forwarding (a node draining answers 503).
 */
final class LossyProxy implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger toRefuse = new AtomicInteger();
    private volatile int refusal;

    LossyProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} requests are carried out upstream, but their answers never arrive. */
    void loseNextAnswers(int n) {
        answersToLose.set(n);
    }

    /** The next {@code n} requests are answered {@code status} with a problem, and never reach the node. */
    void refuseNext(int n, int status) {
        refusal = status;
        toRefuse.set(n);
    }

    /** Requests that reached the node. */
    int forwarded() {
        return forwarded.get();
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                byte[] problem = ("{\"status\":" + refusal + ",\"code\":\"unavailable\",\"title\":\"Unavailable\","
                        + "\"detail\":\"The proxy refused it.\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/problem+json");
                ex.sendResponseHeaders(refusal, problem.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(problem);
                }
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String h : new String[] {"Authorization", "Content-Type", "Accept"}) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    b.header(h, v);
                }
            }
            HttpResponse<byte[]> res = upstream.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.incrementAndGet();
            if (answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return; // closing the exchange without a response drops the client's connection
            }
            res.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
            res.headers().firstValue("Retry-After").ifPresent(v -> ex.getResponseHeaders().set("Retry-After", v));
            ex.sendResponseHeaders(res.statusCode(), res.body().length == 0 ? -1 : res.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(res.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
