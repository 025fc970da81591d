package dev.parley.push;

import dev.parley.store.Database;
import dev.parley.store.GroupCommit;
import dev.parley.store.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The durable queue of Web Pushes: one row per (message, device), claimed by one node's sender at a
 * time. The one owner of {@code push_outbox}.
 *
 * @implNote Claiming is one UPDATE that marks up to as many due rows as the sender has free slots with one claim and
 * an expiry, matching only rows nobody holds; on PostgreSQL a second node's UPDATE waits on the rows
 * the first locked and then re-checks them, finds them held, and passes over them, so a row goes to
 * one node. SQLite has one writer. A node that dies leaves its claims to run out, after which another
 * node sends the row again (at least once; exactly once while nodes live).
 */
final class PushOutbox implements AutoCloseable {
    /** Due rows whose device is not paused, oldest due first. */
    private static final String CLAIM = "UPDATE push_outbox SET claim = ?, claim_until = ? WHERE id IN ("
            + "SELECT o.id FROM push_outbox o JOIN push_devices d ON d.id = o.device_id "
            + "WHERE o.status = 'pending' AND o.next_attempt_at <= ? AND o.claim_until <= ? AND d.paused_until <= ? "
            + "ORDER BY o.next_attempt_at LIMIT ?) AND status = 'pending' AND claim_until <= ?";
    /** A read before the claim's write: most polls find nothing, and SQLite's one writer is not disturbed. */
    private static final String ANY_DUE = "SELECT id FROM push_outbox WHERE status = 'pending' AND next_attempt_at <= ? "
            + "AND claim_until <= ? LIMIT 1";
    private static final String CLAIMED = "SELECT o.id, o.device_id, o.conversation_id, o.payload, o.urgency, o.attempts, "
            + "o.created_at, d.address, d.p256dh, d.auth FROM push_outbox o JOIN push_devices d ON d.id = o.device_id "
            + "WHERE o.claim = ?";
    /** A repeated verdict, or a second node hearing it, inserts nothing. */
    private static final String INSERT = "INSERT INTO push_outbox (id, device_id, message_id, conversation_id, payload, "
            + "urgency, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) "
            + "ON CONFLICT (message_id, device_id) DO NOTHING";
    /** A newer notification of the conversation replaces an older one not yet sent (the Topic does so once sent). */
    private static final String REPLACE = "UPDATE push_outbox SET status = 'replaced', done_at = ? WHERE device_id = ? "
            + "AND conversation_id = ? AND status = 'pending' AND message_id <> ? AND created_at < ? AND claim_until <= ?";
    private static final String FINISH = "UPDATE push_outbox SET status = ?, attempts = attempts + 1, last_status = ?, "
            + "done_at = ?, claim = NULL, claim_until = 0 WHERE id = ? AND claim = ?";
    private static final String RETRY = "UPDATE push_outbox SET attempts = attempts + ?, last_status = ?, next_attempt_at = ?, "
            + "claim = NULL, claim_until = 0 WHERE id = ? AND claim = ?";
    private static final String RELEASE = "UPDATE push_outbox SET claim = NULL, claim_until = 0 WHERE claim = ?";
    private static final String PRUNE = "DELETE FROM push_outbox WHERE status <> 'pending' AND done_at < ?";

    /** A claimed push with what sending it takes. */
    record Claimed(String id, String claim, String deviceId, String conversationId, String payload, String urgency,
                   int attempts, Instant createdAt, String endpoint, String p256dh, String auth) {}

    /** What to queue for one device. */
    record Push(String deviceId, String messageId, String conversationId, String payload, String urgency) {}

    private final Database db;
    private final DeviceStore devices;
    private final GroupCommit<Verdict, Boolean> queue;

    PushOutbox(Database db, DeviceStore devices) {
        this.db = db;
        this.devices = devices;
        this.queue = new GroupCommit<>("parley-push-queue", db, PushOutbox::write, 256, 200);
    }

    /**
     * Queues each push once; a push newly queued replaces the unsent ones of its conversation
     * decided before it. Answers once committed. Verdicts arriving together are written in one
     * transaction (a group commit), so a burst pays one flush, not one a verdict.
     *
     * @param decided when the notification was decided: the push's age (for its TTL) counts from then
     */
    void enqueue(List<Push> pushes, Instant decided, Instant now) {
        try {
            queue.submit(new Verdict(pushes, decided, now)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private record Verdict(List<Push> pushes, Instant decided, Instant now) {}

    private static GroupCommit.Written<Boolean> write(Handle h, List<Verdict> verdicts) {
        List<GroupCommit.Outcome<Boolean>> out = new ArrayList<>(verdicts.size());
        for (Verdict v : verdicts) {
            long at = v.decided().toEpochMilli();
            long t = v.now().toEpochMilli();
            for (Push p : v.pushes()) {
                if (h.execute(INSERT, Ids.next('q'), p.deviceId(), p.messageId(), p.conversationId(), p.payload(),
                        p.urgency(), t, at) > 0) {
                    h.execute(REPLACE, t, p.deviceId(), p.conversationId(), p.messageId(), at, t);
                }
            }
            out.add(GroupCommit.Outcome.of(true));
        }
        return new GroupCommit.Written<>(out, () -> { });
    }

    /** Claims up to {@code max} due pushes for {@code claim} until {@code until}. */
    List<Claimed> claim(String claim, int max, Instant now, Instant until) {
        long t = now.toEpochMilli();
        if (db.read(h -> h.createQuery(ANY_DUE).bind(0, t).bind(1, t).mapTo(String.class).findOne()).isEmpty()) {
            return List.of();
        }
        int n = db.write(h -> h.execute(CLAIM, claim, until.toEpochMilli(), t, t, t, max, t));
        if (n == 0) {
            return List.of();
        }
        return db.read(h -> h.createQuery(CLAIMED).bind(0, claim).map((rs, c) -> new Claimed(rs.getString(1), claim,
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                Instant.ofEpochMilli(rs.getLong(7)), rs.getString(8), rs.getString(9), rs.getString(10))).list());
    }

    /**
     * What became of one claimed push, to be written with the rest of its batch.
     *
     * @param status    {@code sent}, {@code failed} or {@code expired} when done; null to retry at {@code next}
     * @param counts    whether a retry counts toward the limit (a 429 asked us to wait; it did not fail)
     * @param forget    the device is gone (404, 410): it goes, with its queue
     */
    record Outcome(Claimed push, String status, Integer httpStatus, boolean counts, Instant next, boolean forget) {
        static Outcome done(Claimed c, String status, Integer httpStatus, Instant now) {
            return new Outcome(c, status, httpStatus, false, now, false);
        }

        static Outcome retry(Claimed c, Integer httpStatus, boolean counts, Instant next) {
            return new Outcome(c, null, httpStatus, counts, next, false);
        }

        static Outcome gone(Claimed c, Integer httpStatus) {
            return new Outcome(c, null, httpStatus, false, null, true);
        }
    }

    /**
     * Writes what became of several pushes in one transaction (one flush, not one a push), each only
     * while its claim still holds it; a retried push also pauses its device until then.
     */
    void record(List<Outcome> outcomes) {
        db.writeVoid(h -> {
            for (Outcome o : outcomes) {
                Claimed c = o.push();
                if (o.forget()) {
                    devices.delete(h, c.deviceId());
                } else if (o.status() != null) {
                    h.execute(FINISH, o.status(), o.httpStatus(), o.next().toEpochMilli(), c.id(), c.claim());
                } else {
                    h.execute(RETRY, o.counts() ? 1 : 0, o.httpStatus(), o.next().toEpochMilli(), c.id(), c.claim());
                    devices.pause(h, c.deviceId(), o.next());
                }
            }
        });
    }

    /** Puts back what a batch claimed and did not finish (a graceful stop). */
    void release(String claim) {
        db.writeVoid(h -> h.execute(RELEASE, claim));
    }

    /** Forgets finished rows older than {@code before}: a verdict repeated after that is not expected. */
    int prune(Instant before) {
        return db.write((Handle h) -> h.execute(PRUNE, before.toEpochMilli()));
    }

    /** Writes what is queued for writing, then refuses more. */
    @Override
    public void close() {
        queue.close();
    }
}
