package dev.parley.channels.x;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for X's API on 127.0.0.1: answers each "METHOD /path" (query left off) from a queue
 * of canned answers (the last one repeats), 404 for anything else, and records every request.
 */
final class XStub implements AutoCloseable {
    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What the stub heard: method, path with query, headers (lower-case names) and the raw body. */
    record Heard(String method, String uri, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> routes = new ConcurrentHashMap<>();
    final List<Heard> heard = new CopyOnWriteArrayList<>();

    XStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new ConcurrentHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            heard.add(new Heard(ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body));
            Answer a = next(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                ex.getResponseBody().write(a.body());
            }
            ex.close();
        });
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues answers for "METHOD /path"; the last one keeps answering. */
    XStub on(String route, Answer... answers) {
        routes.computeIfAbsent(route, k -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    XStub on(String route, int status, String json) {
        return on(route, Answer.json(status, json));
    }

    List<Heard> heard(String method, String pathPrefix) {
        return heard.stream().filter(h -> h.method().equals(method) && h.uri().startsWith(pathPrefix)).toList();
    }

    private synchronized Answer next(String route) {
        Deque<Answer> q = routes.get(route);
        if (q == null || q.isEmpty()) {
            return Answer.json(404, "{\"title\":\"Not Found Error\",\"type\":\"about:blank\"}");
        }
        return q.size() > 1 ? q.poll() : q.peek();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
