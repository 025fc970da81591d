package dev.parley.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics} on a listener of its own ({@code metrics.host}:{@code metrics.port}, by
 * default 127.0.0.1:9464), never on the public port: the figures describe the node and, when
 * {@code metrics.per_business=on}, each business's responsiveness, which the API keeps to the
 * business. The JDK's own small server is enough for one scraper and keeps this apart from the
 * public server's filters and routes.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving at once.
     *
     * @param port 0 picks a free port
     * @param beforeScrape brings gauges that are worked out on demand up to date
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry, Runnable beforeScrape) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            // The OS's reason: "already in use" is the usual one, and the line did not say it.
            String why = e instanceof java.net.BindException && e.getMessage() != null
                    ? ": " + e.getMessage().replaceFirst("^Address already in use.*", "already in use") : "";
            throw new UncheckedIOException("cannot listen for /metrics on " + host + ":" + port + why
                    + " (set metrics.port, or metrics.port=off)", e);
        }
        server.createContext("/", ex -> {
            try (ex) {
                if (!ex.getRequestURI().getPath().equals("/metrics")) {
                    answer(ex, 404, "text/plain", "Only /metrics is served here.\n");
                } else if (!ex.getRequestMethod().equals("GET")) {
                    answer(ex, 405, "text/plain", "GET only.\n");
                } else {
                    beforeScrape.run();
                    answer(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
                }
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new MetricsServer(server);
    }

    private static void answer(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
