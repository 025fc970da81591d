package dev.parley.message;

import dev.parley.conversation.ConversationService;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.Member;
import dev.parley.event.Event;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import dev.parley.store.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for sends: one writer thread takes the sends that are waiting (up to
 * {@code maxBatch}, waiting at most {@code maxWait} for more) and writes them in one transaction,
 * so a batch pays one flush to disk instead of one per message. Each sender is answered only once
 * the transaction holding its message has committed.
 *
 * @implNote Checks happen before a send is queued ({@link SendPlan}), so writing a batch does not
 * fail for one message's sake; if it fails anyway (a race with another node, a store error), each
 * send of the batch is written again in a transaction of its own, so one bad message fails alone.
 * Sends repeating one client_id, in the batch or already stored, make one message. The batch
 * does its work set-wise: one read for retries, each conversation's counter once (locked in id
 * order on PostgreSQL), one insert batch, one read-pointer update per sender and conversation,
 * and the events numbered once per account at the end ({@link Transactions.Tx#finish}). On SQLite
 * its statements stay prepared on the writer's connection ({@link Statements}): with a few sends a
 * batch, as at a steady 1,000 msg/s, preparing them anew was a fifth of the writer's CPU.
 */
final class SendBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SendBatcher.class);
    private static final String LAST_SEQ = "SELECT last_seq FROM conversations WHERE id = ?";
    private static final String LOCK_POSTGRES = "SELECT id, last_seq FROM conversations WHERE id = ANY (?) ORDER BY id FOR UPDATE";
    private static final String SET_SEQ = "UPDATE conversations SET last_seq = ?, updated_at = ? WHERE id = ?";
    private static final String ADVANCE_READ = "UPDATE conversation_members SET read_seq = ? "
            + "WHERE conversation_id = ? AND account_id = ? AND read_seq < ?";
    private static final String INSERT = "INSERT INTO messages (conversation_id, seq, sender_id, agent_id, client_id, "
            + "text, reply_to, created_at, edited_at, deleted, automated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String COLUMNS = "conversation_id, seq, sender_id, agent_id, client_id, text, reply_to, "
            + "created_at, edited_at, deleted, automated";
    private static final String EXISTING_ONE = "SELECT " + COLUMNS + " FROM messages "
            + "WHERE conversation_id = ? AND sender_id = ? AND client_id = ?";
    // Every key of the batch in one round trip: one unique-index lookup per key (three ANY lists
    // instead would match their cross product, and the planner then scans).
    private static final String EXISTING_ANY = "SELECT " + COLUMNS.replaceAll("(\\w+)", "m.$1") + " FROM messages m "
            + "JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(c, s, id) "
            + "ON m.conversation_id = k.c AND m.sender_id = k.s AND m.client_id = k.id";
    private static final int QUEUE = 65_536;

    private final Database db;
    private final Transactions tx;
    private final ConversationService conversations;
    private final ConversationStore conversationStore;
    private final MessageService messages;
    private final Clock clock;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private volatile boolean running = true;

    private record Job(SendPlan plan, CompletableFuture<MessageService.Sent> done) {}

    /** What a batch decided for one send: its message, or why it failed. */
    private record Outcome(MessageService.Sent sent, RuntimeException error) {}

    SendBatcher(Database db, Transactions tx, ConversationService conversations, ConversationStore conversationStore,
                MessageService messages, Clock clock, int maxBatch, long maxWaitMicros) {
        this.db = db;
        this.tx = tx;
        this.conversations = conversations;
        this.conversationStore = conversationStore;
        this.messages = messages;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MICROSECONDS.toNanos(maxWaitMicros);
        this.writer = new Thread(this::loop, "parley-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    CompletableFuture<MessageService.Sent> submit(SendPlan plan) {
        CompletableFuture<MessageService.Sent> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Job(plan, done))) {
            done.completeExceptionally(new ApiException(503, "overloaded", "Server busy",
                    "Too many messages are waiting to be written; try again shortly."));
        }
        return done;
    }

    private void loop() {
        List<Job> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
                write(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                LOG.error("group commit failed unexpectedly", e);
                batch.forEach(j -> j.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        queue.forEach(j -> j.done().completeExceptionally(new ApiException(503, "shutting_down", "Shutting down",
                "This node is shutting down; send again.")));
    }

    /** Takes what is queued, and waits up to maxWait for more while the batch is not full. */
    private void gather(List<Job> batch) throws InterruptedException {
        queue.drainTo(batch, maxBatch - batch.size());
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Job next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private void write(List<Job> batch) {
        List<Outcome> outcomes;
        try {
            outcomes = commit(batch);
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(batchFailed);
                return;
            }
            LOG.debug("a batch of {} sends failed; writing them one by one", batch.size(), batchFailed);
            for (Job j : batch) {
                write(List.of(j));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o.error() != null) {
                batch.get(i).done().completeExceptionally(o.error());
            } else {
                batch.get(i).done().complete(o.sent());
            }
        }
    }

    /** Writes the batch in one transaction; answers one outcome per job, in order. */
    private List<Outcome> commit(List<Job> batch) {
        List<Event> events = new ArrayList<>();
        List<Outcome> outcomes = db.write(h -> {
            Transactions.Tx t = tx.open(h);
            List<Outcome> out = writeIn(t, batch);
            events.addAll(t.finish());
            return out;
        });
        tx.publish(events);
        return outcomes;
    }

    private List<Outcome> writeIn(Transactions.Tx t, List<Job> batch) {
        Handle h = t.handle();
        Map<SendPlan.Key, Message> existing = existing(h, batch);
        Map<SendPlan.Key, Message> written = new HashMap<>();
        List<Outcome> out = new ArrayList<>(batch.size());
        List<Message> fresh = new ArrayList<>();
        List<SendPlan> freshPlans = new ArrayList<>();
        for (Job j : batch) {
            SendPlan p = j.plan();
            Message before = existing.getOrDefault(p.key(), written.get(p.key()));
            if (before != null) {
                out.add(repeat(h, before, p));
            } else {
                Message m = new Message(p.conversationId(), 0, p.senderId(), p.agentId(), p.clientId(), p.text(),
                        p.replyTo(), null, null, false, p.automated());
                written.put(p.key(), m);
                fresh.add(m);
                freshPlans.add(p);
                out.add(null);
            }
        }
        if (fresh.isEmpty()) {
            return out;
        }
        Instant now = clock.instant();
        Map<String, Long> lastSeq = lockConversations(h, fresh);
        List<Message> numbered = new ArrayList<>(fresh.size());
        Map<SendPlan.Key, Message> byKey = new HashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            Message m = fresh.get(i);
            SendPlan p = freshPlans.get(i);
            long seq = lastSeq.merge(m.conversationId(), 1L, Long::sum);
            Message n = new Message(m.conversationId(), seq, m.senderId(), m.agentId(), m.clientId(), m.text(),
                    m.replyTo(), now, null, false, m.automated());
            numbered.add(n);
            byKey.put(p.key(), n);
            appendEvents(t, p, n, now);
            p.approval().recordSent(t.handle(), n);
        }
        storeAll(h, numbered, lastSeq, now);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == null) {
                Message n = byKey.get(batch.get(i).plan().key());
                out.set(i, new Outcome(new MessageService.Sent(own(batch.get(i).plan(), n), true), null));
            } else if (out.get(i).sent() != null && !out.get(i).sent().created() && out.get(i).sent().message() == null) {
                // A repeat of a message made earlier in this same batch: answer that message.
                Message n = byKey.get(batch.get(i).plan().key());
                out.set(i, new Outcome(new MessageService.Sent(own(batch.get(i).plan(), n), false), null));
            }
        }
        return out;
    }

    /** A retry of a stored message, or of one earlier in this batch (whose seq is not known yet). */
    private Outcome repeat(Handle h, Message before, SendPlan p) {
        if (!before.text().equals(p.text()) && !before.deleted()) {
            return new Outcome(null, ApiException.conflict(
                    "client_id '" + p.clientId() + "' was already used for a different message."));
        }
        if (before.seq() == 0) {
            return new Outcome(new MessageService.Sent(null, false), null);
        }
        return new Outcome(new MessageService.Sent(messages.render(h, before, p.senderId()), false), null);
    }

    private void appendEvents(Transactions.Tx t, SendPlan p, Message m, Instant now) {
        if (p.acceptRequest()) {
            conversations.acceptIn(t, p.conversationId(), p.senderId()); // replying to a request accepts it
        }
        for (String id : p.hidden()) {
            conversationStore.setFolder(t.handle(), p.conversationId(), id, Member.HIDDEN);
        }
        if (m.seq() == 1 && !p.requested().isEmpty()) {
            // A request shows to its recipient once it holds a message: now (unless hidden words hid it).
            String data = Json.write(Map.of("conversation_id", p.conversationId(), "from", p.createdBy()));
            t.append(p.requested(), EventTypes.REQUEST_CREATED, p.conversationId(), null, now, v -> data);
        }
        MessageView view = MessageView.of(m, Map.of());
        String data = Json.write(Map.of("message", view));
        // The business's own log shows which agent wrote it; the customer's does not.
        String ownData = p.agentId() == null ? data : Json.write(Map.of("message", own(p, m)));
        t.append(p.recipients(), EventTypes.MESSAGE_CREATED, p.conversationId(), m.seq(), now,
                v -> v.equals(p.senderId()) ? ownData : data);
    }

    /**
     * Messages already stored under the batch's client_ids (retries), by key. Plain JDBC with fixed
     * SQL: statements whose text changed with the batch cost more to parse than to run.
     */
    private Map<SendPlan.Key, Message> existing(Handle h, List<Job> batch) {
        Map<SendPlan.Key, Message> found = new HashMap<>();
        List<SendPlan.Key> keys = batch.stream().map(j -> j.plan().key()).distinct().toList();
        Connection c = h.getConnection();
        try {
            if (db.dialect() == Dialect.POSTGRES) {
                try (PreparedStatement q = c.prepareStatement(EXISTING_ANY)) {
                    q.setArray(1, c.createArrayOf("text", keys.stream().map(SendPlan.Key::conversationId).toArray()));
                    q.setArray(2, c.createArrayOf("text", keys.stream().map(SendPlan.Key::senderId).toArray()));
                    q.setArray(3, c.createArrayOf("text", keys.stream().map(SendPlan.Key::clientId).toArray()));
                    collect(q, found);
                }
                return found;
            }
            return Statements.run(h, EXISTING_ONE, q -> {
                for (SendPlan.Key k : keys) {
                    q.setString(1, k.conversationId());
                    q.setString(2, k.senderId());
                    q.setString(3, k.clientId());
                    collect(q, found);
                }
                return found;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("reading retried sends failed", e);
        }
    }

    /** The message as its sender sees it: for a business, with the agent who wrote it. */
    private static MessageView own(SendPlan p, Message m) {
        MessageView view = MessageView.of(m, Map.of());
        return p.agentId() == null ? view : view.withAgent(p.agentId(), p.agentName());
    }

    private static void collect(PreparedStatement q, Map<SendPlan.Key, Message> into) throws SQLException {
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                Message m = MessageStore.map(rs);
                into.put(new SendPlan.Key(m.conversationId(), m.senderId(), m.clientId()), m);
            }
        }
    }

    /**
     * Each conversation's last seq, read once for the batch. On PostgreSQL the rows stay locked
     * until commit, taken in id order so batches on different nodes never deadlock; on SQLite the
     * writer's lock already makes the batch the only writer.
     */
    private Map<String, Long> lockConversations(Handle h, List<Message> fresh) {
        List<String> ids = fresh.stream().map(Message::conversationId).distinct().sorted().toList();
        Map<String, Long> last = new TreeMap<>();
        Connection c = h.getConnection();
        try {
            if (db.dialect() == Dialect.POSTGRES) {
                try (PreparedStatement q = c.prepareStatement(LOCK_POSTGRES)) {
                    q.setArray(1, c.createArrayOf("text", ids.toArray()));
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            last.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
            } else {
                Statements.run(h, LAST_SEQ, q -> {
                    for (String id : ids) {
                        q.setString(1, id);
                        try (ResultSet rs = q.executeQuery()) {
                            if (rs.next()) {
                                last.put(id, rs.getLong(1));
                            }
                        }
                    }
                    return null;
                });
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading conversations failed", e);
        }
        if (last.size() != ids.size()) {
            throw ApiException.notFound("conversation");
        }
        return last;
    }

    /** Sets each conversation's last seq once, inserts the messages, advances each person sender's read pointer once. */
    private void storeAll(Handle h, List<Message> numbered, Map<String, Long> lastSeq, Instant now) {
        Map<String, Long> touched = new TreeMap<>();
        Map<String, Long> reads = new TreeMap<>();
        long at = now.toEpochMilli();
        for (Message m : numbered) {
            touched.put(m.conversationId(), lastSeq.get(m.conversationId()));
            // Only a person's read counts: an automatic reply (instant reply, bot, integration) must
            // not mark the customer's message read for the business's team, who never saw it.
            if (!m.automated()) {
                reads.merge(m.conversationId() + "\n" + m.senderId(), m.seq(), Math::max);
            }
        }
        Statements.run(h, SET_SEQ, seqs -> {
            for (Map.Entry<String, Long> e : touched.entrySet()) {
                seqs.setLong(1, e.getValue());
                seqs.setLong(2, at);
                seqs.setString(3, e.getKey());
                seqs.addBatch();
            }
            return seqs.executeBatch();
        });
        Statements.run(h, INSERT, insert -> {
            for (Message m : numbered) {
                insert.setString(1, m.conversationId());
                insert.setLong(2, m.seq());
                insert.setString(3, m.senderId());
                insert.setString(4, m.agentId());
                insert.setString(5, m.clientId());
                insert.setString(6, m.text());
                insert.setString(7, m.replyTo());
                insert.setLong(8, at);
                insert.setNull(9, java.sql.Types.BIGINT);
                insert.setBoolean(10, false);
                insert.setBoolean(11, m.automated());
                insert.addBatch();
            }
            return insert.executeBatch();
        });
        Statements.run(h, ADVANCE_READ, advance -> {
            for (Map.Entry<String, Long> e : reads.entrySet()) {
                int nl = e.getKey().indexOf('\n');
                advance.setLong(1, e.getValue());
                advance.setString(2, e.getKey().substring(0, nl));
                advance.setString(3, e.getKey().substring(nl + 1));
                advance.setLong(4, e.getValue());
                advance.addBatch();
            }
            return advance.executeBatch();
        });
        conversationStore.sendFacts().ifPresent(f -> f.sent(h, touched, now, readsBy(reads)));
    }

    /** The read pointers moved, as conversation → sender → seq. */
    private static Map<String, Map<String, Long>> readsBy(Map<String, Long> reads) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        reads.forEach((key, seq) -> {
            int nl = key.indexOf('\n');
            out.computeIfAbsent(key.substring(0, nl), k -> new HashMap<>()).put(key.substring(nl + 1), seq);
        });
        return out;
    }

    @Override
    public void close() {
        running = false; // the writer finishes what is queued, then stops (no interrupt mid-commit)
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
