package dev.parley.channels;

import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The two durable queues of the channels and their one owner: {@code channel_deliveries} (verified
 * deliveries waiting to be parsed and written) and {@code channel_outbox} (the business's replies
 * waiting to go out through a connector).
 *
 * @implNote Claiming is the push outbox's: one UPDATE marks up to {@code limit} due rows nobody
 * holds with this pass's claim and an expiry, and a read fetches what the claim holds. On
 * PostgreSQL a second node's UPDATE waits on the rows the first locked, re-checks them, finds them
 * held and passes over them, so one node works each row; a node that dies leaves its claims to run
 * out, and another works the row again (at least once; repeats are dropped by the network's id).
 * Deliveries are claimed only at the head of their account's line (no older delivery of the same
 * account is left), so two nodes never work one account's deliveries at once or out of order; an
 * account whose oldest delivery waits for a retry waits with it (other accounts go on).
 */
public final class ChannelQueues {
    private static final String DELIVERY_INSERT = "INSERT INTO channel_deliveries (id, network, body, received_at, "
            + "attempts, next_attempt_at, claim_until, order_key) VALUES (?, ?, ?, ?, 0, ?, 0, ?)";
    /** Only the oldest delivery of each account is ever claimable: one at a time, in order, across nodes. */
    private static final String DELIVERY_CLAIM = "UPDATE channel_deliveries SET claim = ?, claim_until = ? WHERE id IN ("
            + "SELECT d.id FROM channel_deliveries d WHERE d.next_attempt_at <= ? AND d.claim_until <= ? AND NOT EXISTS ("
            + "SELECT 1 FROM channel_deliveries o WHERE o.order_key = d.order_key AND o.id < d.id) ORDER BY d.id LIMIT ?) "
            + "AND claim_until <= ?";
    private static final String DELIVERY_CLAIMED = "SELECT id, network, body, attempts, received_at FROM channel_deliveries "
            + "WHERE claim = ? ORDER BY id";
    private static final String DELIVERY_DONE = "DELETE FROM channel_deliveries WHERE id = ? AND claim = ?";
    private static final String DELIVERY_RETRY = "UPDATE channel_deliveries SET attempts = attempts + 1, "
            + "next_attempt_at = ?, last_error = ?, claim = NULL, claim_until = 0 WHERE id = ? AND claim = ?";
    private static final String DELIVERY_DUE = "SELECT id FROM channel_deliveries WHERE next_attempt_at <= ? "
            + "AND claim_until <= ? LIMIT 1";

    private static final String OUT_INSERT = "INSERT INTO channel_outbox (message_id, channel_account_id, conversation_id, "
            + "contact_external_id, text, by_person, human_agent, status, attempts, next_attempt_at, claim_until, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?)";
    private static final String OUT_CLAIM = "UPDATE channel_outbox SET claim = ?, claim_until = ? WHERE message_id IN ("
            + "SELECT message_id FROM channel_outbox WHERE status = 'pending' AND next_attempt_at <= ? "
            + "AND claim_until <= ? ORDER BY created_at LIMIT ?) AND status = 'pending' AND claim_until <= ?";
    private static final String OUT_CLAIMED = "SELECT message_id, channel_account_id, conversation_id, "
            + "contact_external_id, text, by_person, human_agent, attempts, op FROM channel_outbox WHERE claim = ? "
            + "ORDER BY created_at";
    private static final String OUT_DUE = "SELECT message_id FROM channel_outbox WHERE status = 'pending' "
            + "AND next_attempt_at <= ? AND claim_until <= ? LIMIT 1";
    private static final String OUT_SENT = "UPDATE channel_outbox SET status = ?, error_code = NULL, network_message_id = COALESCE(?, network_message_id), "
            + "attempts = attempts + 1, done_at = ?, claim = NULL, claim_until = 0 WHERE message_id = ? AND claim = ?";
    private static final String OUT_FAILED = "UPDATE channel_outbox SET status = ?, error_code = ?, "
            + "attempts = attempts + 1, done_at = ?, claim = NULL, claim_until = 0 WHERE message_id = ? AND claim = ?";
    private static final String OUT_RETRY = "UPDATE channel_outbox SET attempts = attempts + 1, error_code = ?, "
            + "next_attempt_at = ?, claim = NULL, claim_until = 0 WHERE message_id = ? AND claim = ?";
    private static final String OUTBOXED = "SELECT channel_account_id, status, claim_until, op FROM channel_outbox "
            + "WHERE message_id = ?";
    private static final String CANCEL = "UPDATE channel_outbox SET status = 'cancelled', done_at = ? WHERE message_id = ? "
            + "AND status = 'pending' AND op = 'send' AND claim_until <= ?";
    private static final String RETEXT = "UPDATE channel_outbox SET text = ? WHERE message_id = ? AND status = 'pending' "
            + "AND op = 'send' AND claim_until <= ?";
    private static final String QUEUE_UNSEND = "UPDATE channel_outbox SET op = 'unsend', status = 'pending', attempts = 0, "
            + "error_code = NULL, next_attempt_at = ?, claim = NULL, claim_until = 0 WHERE message_id = ? AND status = 'sent'";
    private static final String PARTS_SENT = "SELECT part, network_message_id FROM channel_outbox_parts WHERE message_id = ?";
    private static final String PART_SENT = "INSERT INTO channel_outbox_parts (message_id, part, network_message_id) "
            + "VALUES (?, ?, ?) ON CONFLICT (message_id, part) DO NOTHING";
    private static final String OUT_STATUS = "SELECT channel_account_id, status, error_code, network_message_id FROM channel_outbox "
            + "WHERE message_id = ?";
    private static final String OUT_IN_FLIGHT = "SELECT 1 FROM channel_outbox WHERE channel_account_id = ? "
            + "AND contact_external_id = ? AND status = 'pending' AND op = 'send' AND attempts + (CASE WHEN claim_until > ? THEN 1 ELSE 0 END) > 0 "
            + "LIMIT 1";

    /** A delivery claimed for working. */
    /** One stored delivery; {@code receivedAt} is when this node took it, which bounds the network's own stamps. */
    public record Delivery(String id, String claim, Network network, String body, int attempts, Instant receivedAt) {}

    /** A reply claimed for sending. */
    /** @param unsend the reply was sent and is to be taken back from the network (else: to be sent) */
    public record Reply(String messageId, String channelAccountId, String conversationId, String contactExternalId,
                        String text, boolean byPerson, boolean humanAgent, int attempts, boolean unsend) {}

    /** A reply's row as an edit or unsend sees it: pending, sent, failed, cancelled, unsent or unsend_failed. */
    public record Outboxed(String channelAccountId, String status, boolean claimed, boolean unsend) {}

    /** What became of a reply: pending, sent or failed, with the mapped error code of a failure. */
    public record ReplyStatus(String channelAccountId, String status, String errorCode, String networkMessageId) {}

    /** The last delivery's place on this node: deliveries' ids grow, even within one millisecond. */
    private static final java.util.concurrent.atomic.AtomicLong ORDER = new java.util.concurrent.atomic.AtomicLong();

    private final Database db;

    public ChannelQueues(Database db) {
        this.db = db;
    }

    /** Told once a transaction that queued a reply (or an unsend) has committed: the sender looks at once. */
    private volatile Runnable replyQueued = () -> { };

    void onReplyQueued(Runnable r) {
        this.replyQueued = r;
    }

    /**
     * Queues a verified delivery. Its id orders it: the time it came (in microseconds, never the
     * same twice on a node, so two deliveries in one millisecond keep their order) and a random tail.
     *
     * @param orderKey the account the delivery is for ('' when unknown): its deliveries are worked one
     *                 at a time in the order they came, so a person's messages reach the thread in order
     */
    public void receive(Network network, String body, String orderKey, Instant now) {
        String id = "g-" + String.format("%016d", ORDER.updateAndGet(last -> Math.max(last + 1, now.toEpochMilli() * 1000)))
                + Ids.next('g').substring(12);
        db.writeVoid(h -> h.execute(DELIVERY_INSERT, id, network.wire, body, now.toEpochMilli(), now.toEpochMilli(),
                orderKey == null ? "" : orderKey));
    }

    public List<Delivery> claimDeliveries(int limit, Instant now, Instant until) {
        return claim(DELIVERY_DUE, DELIVERY_CLAIM, DELIVERY_CLAIMED, limit, now, until, claim -> (rs, c) ->
                new Delivery(rs.getString("id"), claim, Network.of(rs.getString("network")).orElseThrow(),
                        rs.getString("body"), rs.getInt("attempts"), Instant.ofEpochMilli(rs.getLong("received_at"))));
    }

    /**
     * One queue's claim: a cheap read first (most passes find nothing due, and a read does not take
     * SQLite's one writer), then one conditional UPDATE that marks up to {@code limit} due rows with a
     * fresh claim id, then the rows that claim id won.
     */
    private <T> List<T> claim(String due, String claimRows, String claimed, int limit, Instant now, Instant until,
                              java.util.function.Function<String, org.jdbi.v3.core.mapper.RowMapper<T>> row) {
        String claim = Ids.next('g');
        long t = now.toEpochMilli();
        boolean any = db.read(h -> h.createQuery(due).bind(0, t).bind(1, t).mapTo(String.class).findOne().isPresent());
        if (!any) {
            return List.of();
        }
        db.writeVoid(h -> h.execute(claimRows, claim, until.toEpochMilli(), t, t, limit, t));
        return db.read(h -> h.createQuery(claimed).bind(0, claim).map(row.apply(claim)).list());
    }

    public void delivered(Delivery d) {
        db.writeVoid(h -> h.execute(DELIVERY_DONE, d.id(), d.claim()));
    }

    public void deliveryLater(Delivery d, Instant next, String error) {
        db.writeVoid(h -> h.execute(DELIVERY_RETRY, next.toEpochMilli(), error, d.id(), d.claim()));
    }

    /** Queues a reply in the message's own transaction (so a reply is never committed without it). */
    public void queueReply(Handle h, Reply r, Instant now) {
        h.execute(OUT_INSERT, r.messageId(), r.channelAccountId(), r.conversationId(), r.contactExternalId(), r.text(),
                r.byPerson(), r.humanAgent(), now.toEpochMilli(), now.toEpochMilli());
        h.afterCommit(replyQueued);
    }

    /** The claimed replies, each with its claim (needed to finish it). */
    public List<Claimed> claimReplies(int limit, Instant now, Instant until) {
        return claim(OUT_DUE, OUT_CLAIM, OUT_CLAIMED, limit, now, until, claim -> (rs, c) ->
                new Claimed(claim, new Reply(rs.getString("message_id"), rs.getString("channel_account_id"),
                        rs.getString("conversation_id"), rs.getString("contact_external_id"), rs.getString("text"),
                        rs.getBoolean("by_person"), rs.getBoolean("human_agent"), rs.getInt("attempts"),
                        "unsend".equals(rs.getString("op")))));
    }

    /** A reply under this node's claim. */
    public record Claimed(String claim, Reply reply) {}

    /** Sent: the network's id is kept beside the message so its echo is recognised. */
    public void sent(Claimed c, String networkMessageId, ChannelStore store, Instant now) {
        db.writeVoid(h -> {
            h.execute(OUT_SENT, "sent", networkMessageId, now.toEpochMilli(), c.reply().messageId(), c.claim());
            store.mapMessage(h, c.reply().channelAccountId(), networkMessageId, c.reply().messageId());
        });
    }

    /** A reply's row, read in an edit's or unsend's transaction. */
    public Optional<Outboxed> outboxed(Handle h, String messageId, Instant now) {
        return h.createQuery(OUTBOXED).bind(0, messageId).map((rs, c) -> new Outboxed(rs.getString("channel_account_id"),
                rs.getString("status"), rs.getLong("claim_until") > now.toEpochMilli(), "unsend".equals(rs.getString("op"))))
                .findOne();
    }

    /** Cancels a reply nobody is sending right now, in the unsend's transaction; false when one is. */
    public boolean cancel(Handle h, String messageId, Instant now) {
        return h.execute(CANCEL, now.toEpochMilli(), messageId, now.toEpochMilli()) == 1;
    }

    /** Gives a reply nobody is sending right now its edited text, in the edit's transaction; false when one is. */
    public boolean retext(Handle h, String messageId, String text, Instant now) {
        return h.execute(RETEXT, text, messageId, now.toEpochMilli()) == 1;
    }

    /** Queues taking a sent reply back from the network, in the unsend's transaction. */
    public boolean queueUnsend(Handle h, String messageId, Instant now) {
        boolean queued = h.execute(QUEUE_UNSEND, now.toEpochMilli(), messageId) == 1;
        if (queued) {
            h.afterCommit(replyQueued);
        }
        return queued;
    }

    /** The parts of a reply the network already has, by their place in the reply. */
    public java.util.Map<Integer, String> partsSent(String messageId) {
        return db.read(h -> h.createQuery(PARTS_SENT).bind(0, messageId)
                .reduceRows(new java.util.HashMap<Integer, String>(), (m, row) -> {
                    m.put(row.getColumn("part", Integer.class), row.getColumn("network_message_id", String.class));
                    return m;
                }));
    }

    /** One part of a reply reached the network: kept (a retry skips it) and mapped, so its echo is recognised. */
    public void partSent(Claimed c, int part, String networkMessageId, ChannelStore store) {
        db.writeVoid(h -> {
            h.execute(PART_SENT, c.reply().messageId(), part, networkMessageId);
            store.mapMessage(h, c.reply().channelAccountId(), networkMessageId, c.reply().messageId());
        });
    }

    /** The network took the reply back. */
    public void unsent(Claimed c, Instant now) {
        db.writeVoid(h -> h.execute(OUT_SENT, "unsent", null, now.toEpochMilli(), c.reply().messageId(), c.claim()));
    }

    public void failed(Claimed c, String errorCode, Instant now) {
        db.writeVoid(h -> h.execute(OUT_FAILED, c.reply().unsend() ? "unsend_failed" : "failed", errorCode, now.toEpochMilli(), c.reply().messageId(), c.claim()));
    }

    public void replyLater(Claimed c, String errorCode, Instant next) {
        db.writeVoid(h -> h.execute(OUT_RETRY, errorCode, next.toEpochMilli(), c.reply().messageId(), c.claim()));
    }

    public Optional<ReplyStatus> replyStatus(String messageId) {
        return db.read(h -> h.createQuery(OUT_STATUS).bind(0, messageId)
                .map((rs, c) -> new ReplyStatus(rs.getString("channel_account_id"), rs.getString("status"), rs.getString("error_code"),
                        Outbound.networkId(rs.getString("network_message_id")))).findOne());
    }

    /**
     * Whether a reply to this contact is being sent right now or was tried and waits to be tried
     * again: an echo with an unknown id may be its echo, arrived before the send's answer.
     */
    public boolean replyInFlight(String channelAccountId, String contactExternalId, Instant now) {
        return db.read(h -> h.createQuery(OUT_IN_FLIGHT).bind(0, channelAccountId).bind(1, contactExternalId)
                .bind(2, now.toEpochMilli()).mapTo(Integer.class).findOne().isPresent());
    }
}
