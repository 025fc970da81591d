package dev.parley.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.event.Event;
import dev.parley.event.EventSink;
import dev.parley.event.EventTypes;
import dev.parley.http.Json;
import dev.parley.lifecycle.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears committed events and writes the pending rows the decision will claim. On the committing
 * thread it only queues each {@code message.created} event (no parsing, no store read); its own
 * thread reads the sender and author kind from the event, drops the sender's own copy and
 * {@code system} messages, collapses what it drained per (account, conversation) and upserts the
 * rows in one transaction. A graceful stop writes what is still queued.
 *
 * <p>It writes rows for a business's agents too, who are no members of its customer conversations:
 * for the assignee of a conversation whose {@code inbox.updated} says it is open and assigned (the
 * decision tells whether the assignment is new to them), and for the assignee of a conversation a
 * person's message came into (one look-up per batch; the decision tells whether it is the customer's).
 */
final class PendingWriter implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PendingWriter.class);
    private static final int BATCH = 2_000;
    private static final long GATHER_MILLIS = 50;

    private final PendingStore store;
    private final Function<Collection<String>, Map<String, AgentDecider.Assignment>> assignees;
    private final long delayMillis;
    private final long collapseMillis;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean running = true;

    /**
     * @param assignees the agent each of some conversations is assigned to, if any
     * @param collapse  the least time between two verdicts of one row
     */
    PendingWriter(PendingStore store, Function<Collection<String>, Map<String, AgentDecider.Assignment>> assignees,
                  Duration delay, Duration collapse) {
        this.store = store;
        this.assignees = assignees;
        this.delayMillis = delay.toMillis();
        this.collapseMillis = collapse.toMillis();
        this.worker = Threads.daemon("parley-notify-pending").newThread(this::run);
    }

    void start() {
        worker.start();
    }

    @Override
    public void committed(List<Event> events) {
        for (Event e : events) {
            if ((EventTypes.MESSAGE_CREATED.equals(e.type()) || EventTypes.INBOX_UPDATED.equals(e.type()))
                    && e.conversationId() != null) {
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
        Map<String, PendingStore.Due> byPeople = new HashMap<>(); // a person's newest message per conversation
        for (Event e : events) {
            if (EventTypes.INBOX_UPDATED.equals(e.type())) {
                assigned(e).ifPresent(agent -> put(rows, new PendingStore.Row(agent, e.conversationId(),
                        "inbox." + e.token()), e.at().toEpochMilli() + delayMillis));
                continue;
            }
            MessageFacts m = MessageFacts.of(e.data());
            if (m == null) {
                continue;
            }
            long due = e.at().toEpochMilli() + delayMillis;
            if ("person".equals(m.authorKind())) { // keyed by the sender, for now
                put(byPeople, new PendingStore.Row(m.senderId(), e.conversationId(), m.id()), due);
            }
            if (e.accountId().equals(m.senderId()) || "system".equals(m.authorKind())) {
                continue;
            }
            // The collapse starts here: one row per (account, conversation), newest message, first due time.
            put(rows, new PendingStore.Row(e.accountId(), e.conversationId(), m.id()), due);
        }
        if (!byPeople.isEmpty()) {
            Map<String, PendingStore.Due> byConversation = new HashMap<>();
            byPeople.values().forEach(d -> byConversation.put(d.row().conversationId(), d));
            assignees.apply(byConversation.keySet()).forEach((conversation, a) -> {
                PendingStore.Due d = byConversation.get(conversation);
                if (!d.row().accountId().equals(a.businessId())) { // the business's own (an agent's) reply tells nobody
                    put(rows, new PendingStore.Row(a.agentId(), conversation, d.row().messageId()), d.dueAt());
                }
            });
        }
        if (!rows.isEmpty()) {
            store.add(rows.values(), collapseMillis);
        }
    }

    private static void put(Map<String, PendingStore.Due> rows, PendingStore.Row row, long due) {
        String key = row.accountId() + "\n" + row.conversationId();
        PendingStore.Due before = rows.get(key);
        rows.put(key, new PendingStore.Due(row, before == null ? due : Math.min(before.dueAt(), due)));
    }

    /** The agent an {@code inbox.updated} item is assigned to, while it is open and not the bot's. */
    private static java.util.Optional<String> assigned(Event e) {
        try {
            JsonNode item = Json.MAPPER.readTree(e.data()).path("item");
            String agent = item.path("assignee").path("id").asText("");
            boolean open = "open".equals(item.path("status").asText()) && !item.path("bot").asBoolean(false);
            return open && !agent.isEmpty() ? java.util.Optional.of(agent) : java.util.Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
            return java.util.Optional.empty();
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
