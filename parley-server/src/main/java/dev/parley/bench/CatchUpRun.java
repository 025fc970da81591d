package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Offline catch-up: the recipient of the first conversation is away while its sender writes
 * {@code count} messages; then the recipient syncs from its last token, page by page, and the
 * time until it holds them all is measured.
 */
final class CatchUpRun {
    record Result(int messages, long events, double seconds, int pages) {}

    private CatchUpRun() {}

    static Result run(Http http, Population pop, int count, int size, PrintStream log) throws InterruptedException {
        Population.Conv conv = pop.conversations().get(0);
        Population.Account sender = pop.accounts().get(conv.members().get(0));
        Population.Account reader = pop.accounts().get(conv.members().get(1));
        String since = http.call("GET", "/api/v1/sync", reader.token(), null).ok("sync").get("next").asText();

        Semaphore window = new Semaphore(64);
        CountDownLatch done = new CountDownLatch(count);
        AtomicLong errors = new AtomicLong();
        Link link = Link.open(Link.clients(1)[0], http.wsUrl(), sender.token(), frame -> {
            if (frame.startsWith("{\"type\":\"sent\"") || frame.startsWith("{\"type\":\"error\"")) {
                if (frame.startsWith("{\"type\":\"error\"")) {
                    errors.incrementAndGet();
                }
                window.release();
                done.countDown();
            }
        }).join();
        String text = "x".repeat(size);
        for (int i = 0; i < count; i++) {
            window.acquire();
            link.send("{\"type\":\"send\",\"conversation_id\":\"" + conv.id() + "\",\"client_id\":\"catchup-"
                    + System.nanoTime() + "-" + i + "\",\"text\":\"" + text + "\"}");
        }
        if (!done.await(120, TimeUnit.SECONDS) || errors.get() > 0) {
            throw new IllegalStateException("sending the messages to catch up on failed (" + errors.get() + " errors)");
        }
        link.close();
        log.printf("%d messages waiting; syncing them…%n", count);

        long start = System.nanoTime();
        long events = 0;
        int pages = 0;
        String token = since;
        while (true) {
            JsonNode page = http.call("GET", "/api/v1/sync?limit=1000&since=" + token, reader.token(), null).ok("sync");
            pages++;
            for (JsonNode e : page.get("events")) {
                if ("message.created".equals(e.path("type").asText())) {
                    events++;
                }
            }
            token = page.get("next").asText();
            if (!page.get("has_more").asBoolean()) {
                break;
            }
        }
        return new Result(count, events, (System.nanoTime() - start) / 1e9, pages);
    }
}
