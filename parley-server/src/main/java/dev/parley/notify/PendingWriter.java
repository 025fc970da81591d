package dev.parley.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.event.Event;
import dev.parley.event.EventSink;
import dev.parley.event.EventTypes;
import dev.parley.http.Json;
import dev.parley.lifecycle.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears committed events and writes the pending rows the decision will claim. On the committing
 * thread it only queues each {@code message.created} event (no parsing, no store read); its own
 * thread reads the sender and author kind from the event, drops the sender's own copy and
 * {@code system} messages, collapses what it drained per (account, conversation) and upserts the
 * rows in one transaction. A graceful stop writes what is still queued.
 */
final class PendingWriter implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PendingWriter.class);
    private static final int BATCH = 2_000;
    private static final long GATHER_MILLIS = 50;

    private final PendingStore store;
    private final long delayMillis;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean running = true;

    PendingWriter(PendingStore store, Duration delay) {
        this.store = store;
        this.delayMillis = delay.toMillis();
        this.worker = Threads.daemon("parley-notify-pending").newThread(this::run);
    }

    void start() {
        worker.start();
    }

    @Override
    public void committed(List<Event> events) {
        for (Event e : events) {
            if (EventTypes.MESSAGE_CREATED.equals(e.type()) && e.conversationId() != null) {
                queue.add(e);
            }
        }
    }

    private void run() {
        List<Event> drained = new ArrayList<>();
        while (running) {
            try {
                Event first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                if (queue.size() < BATCH) {
                    // Gather a little more: one transaction for many sends, not one each (on SQLite
                    // the rows share the one writer with the group commit).
                    Thread.sleep(GATHER_MILLIS);
                }
                queue.drainTo(drained, BATCH - 1);
                write(drained);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The store refused the batch: put it back and try again shortly, so nothing is lost.
                LOG.warn("could not write pending notifications; retrying", e);
                queue.addAll(drained);
                sleep();
            } finally {
                drained.clear();
            }
        }
    }

    /** Writes what is queued now, on the caller's thread. */
    void flush() {
        List<Event> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }

    private void write(List<Event> events) {
        // In key order: two nodes writing overlapping rows lock them in the same order (no deadlock).
        Map<String, PendingStore.Due> rows = new TreeMap<>();
        for (Event e : events) {
            JsonNode m = message(e);
            if (m == null || e.accountId().equals(m.path("sender_id").asText())
                    || "system".equals(m.path("author_kind").asText())) {
                continue;
            }
            String key = e.accountId() + "\n" + e.conversationId();
            PendingStore.Due before = rows.get(key);
            long due = e.at().toEpochMilli() + delayMillis;
            // The collapse starts here: one row per (account, conversation), newest message, first due time.
            rows.put(key, new PendingStore.Due(new PendingStore.Row(e.accountId(), e.conversationId(),
                    m.path("id").asText()), before == null ? due : Math.min(before.dueAt(), due)));
        }
        if (!rows.isEmpty()) {
            store.add(rows.values(), delayMillis);
        }
    }

    private static JsonNode message(Event e) {
        try {
            JsonNode m = Json.MAPPER.readTree(e.data()).get("message");
            return m != null && m.isObject() ? m : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
            return null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.join(2_000);
        flush();
    }
}
