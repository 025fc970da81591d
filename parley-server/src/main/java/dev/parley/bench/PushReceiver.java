package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A push service for the bench ({@code --push}, issue 17): an RFC 8030 endpoint on 127.0.0.1 that
 * every recipient registers as its one Web Push device. It answers 201 to each push, decrypts it
 * with the device's keys (the bench made them) and reads the message's due time from its text, so
 * its delay counts from when the message was sent to when its push arrived. It checks no VAPID
 * token: the node's tests do that; this only counts.
 */
final class PushReceiver implements LoadRun.Beside, AutoCloseable {
    /** Figures over the measured period. */
    record Result(long pushes, double seconds, long undecryptable, Histogram delay) {
        double perSecond() {
            return pushes / seconds;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-push-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, PushKeys> devices = new ConcurrentHashMap<>();
    private final Recorder delays = new Recorder(LoadRun.MAX_LATENCY_NANOS, 3);
    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicLong undecryptable = new AtomicLong();
    private volatile LoadRun run;
    private volatile boolean measuring;
    private long measuredArrivals;
    private volatile long lastArrival = System.nanoTime();
    private static final long QUIET_NANOS = 3_000_000_000L;

    PushReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/push/", this::push);
        server.setExecutor(pool);
        server.start();
    }

    /**
     * Registers one Web Push device for each recipient (every member but a conversation's sender),
     * after removing the devices a reused account kept from an earlier run (its receiver's port is
     * gone, and an account holds at most 25).
     */
    void register(Http http, Population pop, PrintStream log) {
        int n = 0;
        for (Population.Account a : recipients(pop)) {
            unregister(http, a);
            PushKeys keys = devices.computeIfAbsent(a.id(), id -> new PushKeys());
            String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/push/" + a.id();
            http.call("POST", "/api/v1/me/devices", a.token(), Map.of("kind", "webpush", "subscription",
                    Map.of("endpoint", endpoint, "keys", Map.of("p256dh", keys.p256dh(), "auth", keys.auth()))))
                    .ok("register a push device (does the node allow private addresses?)");
            n++;
        }
        log.printf("%d push devices registered at 127.0.0.1:%d%n", n, server.getAddress().getPort());
    }

    /** Removes the recipients' devices, so later runs without {@code --push} send no pushes to nowhere. */
    void unregister(Http http, Population pop) {
        recipients(pop).forEach(a -> unregister(http, a));
    }

    private static void unregister(Http http, Population.Account a) {
        for (JsonNode d : http.call("GET", "/api/v1/me/devices", a.token(), null).ok("list devices").path("items")) {
            http.call("DELETE", "/api/v1/me/devices/" + d.path("id").asText(), a.token(), null);
        }
    }

    static List<Population.Account> recipients(Population pop) {
        List<Population.Account> out = new ArrayList<>();
        for (Population.Conv c : pop.conversations()) {
            for (int m = 1; m < c.members().size(); m++) {
                out.add(pop.accounts().get(c.members().get(m)));
            }
        }
        return out;
    }

    private void push(HttpExchange ex) throws IOException {
        long now = System.nanoTime();
        lastArrival = now;
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        ex.sendResponseHeaders(201, -1);
        ex.close();
        PushKeys keys = devices.get(ex.getRequestURI().getPath().substring("/push/".length()));
        LoadRun r = run;
        if (keys == null || r == null) {
            return;
        }
        long due;
        try {
            JsonNode payload = Http.JSON.readTree(keys.decrypt(body));
            due = r.dueOfText(payload.path("text").asText(null));
        } catch (Exception e) {
            undecryptable.incrementAndGet();
            return;
        }
        if (measuring) {
            arrivals.incrementAndGet();
        }
        if (due >= 0 && r.measured(due)) {
            delays.recordValue(Math.min(LoadRun.MAX_LATENCY_NANOS, Math.max(0, now - due)));
        }
    }

    @Override
    public void measuring(LoadRun r) {
        this.run = r;
        arrivals.set(0);
        delays.reset();
        measuring = true;
    }

    @Override
    public void measured() {
        measuring = false;
        measuredArrivals = arrivals.get();
    }

    /**
     * The pushes that arrived in the measured period, and the delays of the measured messages'
     * pushes, including those still arriving after it: until none came for three seconds, at most
     * {@code graceMillis} after the load stopped.
     */
    Result result(double seconds, long graceMillis) throws InterruptedException {
        long called = System.nanoTime();
        long until = called + graceMillis * 1_000_000L;
        while (System.nanoTime() < until && System.nanoTime() - Math.max(called, lastArrival) < QUIET_NANOS) {
            Thread.sleep(100);
        }
        return new Result(measuredArrivals, seconds, undecryptable.get(), delays.getIntervalHistogram());
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
