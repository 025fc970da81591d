package dev.parley.channels;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Meta's Graph API on 127.0.0.1 (the JDK's HTTP server): records every request and
 * answers sends with a fresh {@code message_id}, or with the error queued for the next send.
 */
public final class GraphStub implements AutoCloseable {
    /** One request as the stub received it. */
    public record Call(String method, String path, String query, String authorization, String body) {}

    /** A canned answer: HTTP status and body. */
    public record Answer(int status, String body) {}

    private final HttpServer server;
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Answer> nextSends = new CopyOnWriteArrayList<>();
    private final Map<String, String> profiles = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Long> slow = new ConcurrentHashMap<>();

    public GraphStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            Call call = new Call(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Authorization"), body);
            calls.add(call);
            Answer a = answer(call);
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(a.status(), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    private Answer answer(Call c) {
        if (c.method().equals("POST") && c.path().endsWith("/messages")) {
            if (!nextSends.isEmpty()) {
                return nextSends.remove(0);
            }
            return new Answer(200, "{\"recipient_id\":\"x\",\"message_id\":\"m_sent_" + ids.incrementAndGet() + "\"}");
        }
        if (c.path().endsWith("/subscribed_apps")) {
            return new Answer(200, "{\"success\":true}");
        }
        String id = c.path().substring(c.path().lastIndexOf('/') + 1);
        if (slow.containsKey(id)) {
            try {
                Thread.sleep(slow.get(id)); // a Graph API that takes its time over one profile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Answer(profiles.containsKey(id) ? 200 : 404,
                profiles.getOrDefault(id, "{\"error\":{\"code\":100,\"error_subcode\":2018218}}"));
    }

    /** The Graph API's base URL to configure. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v21.0";
    }

    /** The next send is answered so (an error, or a 2xx Parley cannot read). */
    public void failNextSend(int status, String body) {
        nextSends.add(new Answer(status, body));
    }

    /** What GET /{id} answers (a Page's name, a person's profile). */
    public void profile(String id, String json) {
        profiles.put(id, json);
    }

    /** GET /{id} answers only after this long. */
    public void slowProfile(String id, java.time.Duration delay) {
        slow.put(id, delay.toMillis());
    }

    /** How many sends were answered with an id: the last id is {@code m_sent_<this>}. */
    public int sentCount() {
        return ids.get();
    }

    public List<Call> sends() {
        return calls.stream().filter(c -> c.method().equals("POST") && c.path().endsWith("/messages")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
