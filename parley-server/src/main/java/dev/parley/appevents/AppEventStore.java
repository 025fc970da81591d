package dev.parley.appevents;

import dev.parley.store.Database;
import dev.parley.store.Statements;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * The tables {@code app_event_state} and {@code app_events}: each app's feed, numbered per app.
 *
 * @implNote Ids come from the app's counter row, reserved inside the writing transaction and held
 * (row lock on PostgreSQL, the single writer on SQLite) until it commits, so an app's events become
 * visible in id order and a reader at cursor N never skips a late commit below N. A reservation
 * whose event turns out to be a repeat leaves a gap; a cursor does not mind gaps.
 *
 * <p>{@code message.created} is recorded for an app only once it wants it ({@link #wantMessages}):
 * the one event per message is the feed's whole cost on the writer, and an app that neither reads
 * its feed nor has a webhook taking it would pay it for nothing. Wanting is for good (never turned
 * back off), so a node may remember an app that wants them without asking the store again.
 */
public final class AppEventStore {
    private static final String RESERVE = "INSERT INTO app_event_state (app_id, last_id) VALUES (?, ?) "
            + "ON CONFLICT (app_id) DO UPDATE SET last_id = app_event_state.last_id + EXCLUDED.last_id "
            + "RETURNING last_id, include_text";
    private static final String INSERT = "INSERT INTO app_events (app_id, id, type, at, dedupe, body) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String REPEAT = "SELECT 1 FROM app_events WHERE app_id = ? AND dedupe = ?";
    private static final String AFTER = "SELECT id, type, at, body FROM app_events WHERE app_id = ? AND id > ? "
            + "ORDER BY id LIMIT ?";
    private static final String NEWEST = "SELECT MAX(id) FROM app_events WHERE app_id = ?";
    private static final String STATE = "SELECT last_id, pruned_through, include_text FROM app_event_state WHERE app_id = ?";
    private static final String ENSURE = "INSERT INTO app_event_state (app_id) VALUES (?) ON CONFLICT (app_id) DO NOTHING";
    private static final String SET_TEXT = "UPDATE app_event_state SET include_text = ? WHERE app_id = ?";
    private static final String WANTS_MESSAGES = "SELECT messages_wanted FROM app_event_state WHERE app_id = ?";
    private static final String WANT_MESSAGES = "UPDATE app_event_state SET messages_wanted = ? WHERE app_id = ?";
    private static final String OLDEST = "SELECT MIN(at) FROM app_events";
    private static final String APPS_TO_PRUNE = "SELECT DISTINCT app_id FROM app_events WHERE at < ?";
    private static final String MARK_PRUNED = "UPDATE app_event_state SET pruned_through = "
            + "(SELECT MAX(id) FROM app_events WHERE app_id = ? AND at < ?) WHERE app_id = ?";
    private static final String PRUNE = "DELETE FROM app_events WHERE app_id = ? AND at < ?";

    /** An app's feed as a whole: its newest id, how far it was pruned, and whether texts are included. */
    public record State(long lastId, long prunedThrough, boolean includeText) {
        static final State EMPTY = new State(0, 0, false);
    }

    /** An event about to be written: its id comes from the reservation. */
    record Draft(String type, Instant at, String dedupe, String body) {}

    /** What a reservation hands back: the ids before it, and the app's text choice, read under the lock. */
    record Reserved(long before, boolean includeText) {}

    private final Database db;
    private final FeedReplay replay;
    /** Apps known to want message.created: only ever grows, so it is never stale, even across nodes. */
    private final Set<String> wanting = ConcurrentHashMap.newKeySet();

    /** A store whose pages are read as stored: for the pruning and publishing that read no page. */
    public AppEventStore(Database db) {
        this(db, null);
    }

    /** @param replay how a page's messages read now (unsent or edited since they were recorded) */
    AppEventStore(Database db, FeedReplay replay) {
        this.db = db;
        this.replay = replay;
    }

    /** Takes {@code n} ids of the app's feed inside the transaction, holding them until it commits. */
    Reserved reserve(Handle h, String appId, int n) {
        // Kept statements (store/Statements): this and the insert run in every group commit of app users.
        return Statements.run(h, RESERVE, q -> {
            q.setString(1, appId);
            q.setLong(2, n);
            q.execute();
            try (ResultSet rs = q.getResultSet()) {
                rs.next();
                return new Reserved(rs.getLong(1) - n, rs.getBoolean(2));
            }
        });
    }

    /** Inserts events under ids {@code before + 1}, {@code before + 2}… in the given order. */
    void insert(Handle h, String appId, long before, List<Draft> drafts) {
        Statements.run(h, INSERT, q -> {
            long id = before;
            for (Draft d : drafts) {
                q.setString(1, appId);
                q.setLong(2, ++id);
                q.setString(3, d.type());
                q.setLong(4, d.at().toEpochMilli());
                q.setString(5, d.dedupe());
                q.setString(6, d.body());
                q.addBatch();
            }
            q.executeBatch();
            return null;
        });
    }

    /**
     * Whether the app wants message.created, read inside the writing transaction: an app that asked
     * on another node before this transaction began is seen. One primary-key read per app and
     * group commit while it does not; none once it does.
     */
    boolean wantsMessages(Handle h, String appId) {
        if (wanting.contains(appId)) {
            return true;
        }
        boolean wants = Statements.run(h, WANTS_MESSAGES, q -> {
            q.setString(1, appId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
        if (wants) {
            wanting.add(appId);
        }
        return wants;
    }

    /** From now on the app's feed records its users' messages (committed before this returns). */
    public void wantMessages(String appId) {
        if (wanting.contains(appId)) {
            return;
        }
        db.writeVoid(h -> {
            h.execute(ENSURE, appId);
            h.execute(WANT_MESSAGES, true, appId);
        });
        wanting.add(appId);
    }

    boolean isRepeat(Handle h, String appId, String dedupe) {
        return h.createQuery(REPEAT).bind(0, appId).bind(1, dedupe).mapTo(Integer.class).findOne().isPresent();
    }

    /** Appends one event in its own transaction unless one with the same dedupe key is there; true if appended. */
    public boolean appendOnce(String appId, String type, Instant at, String dedupe, String body) {
        return db.write(h -> {
            Reserved r = reserve(h, appId, 1); // the lock first: a concurrent repeat waits, then sees ours
            if (dedupe != null && isRepeat(h, appId, dedupe)) {
                return false;
            }
            insert(h, appId, r.before(), List.of(new Draft(type, at, dedupe, body)));
            return true;
        });
    }

    /** The app's events after a cursor, oldest first, with their messages as they read now ({@link FeedReplay}). */
    public List<AppEvent> after(String appId, long after, int limit) {
        return db.read(h -> {
            List<AppEvent> page = h.createQuery(AFTER).bind(0, appId).bind(1, after).bind(2, limit)
                    .map((rs, c) -> new AppEvent(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(4)))
                    .list();
            return replay == null ? page : replay.asNow(h, page);
        });
    }

    /**
     * The id of the app's newest stored event, 0 for none. Unlike {@link State#lastId()} (the
     * counter) it never counts an id a repeat reserved and left unused, so "newer than my cursor"
     * means there is an event to read.
     */
    long newestId(String appId) {
        Long newest = db.read(h -> h.createQuery(NEWEST).bind(0, appId).mapTo(Long.class).one());
        return newest == null ? 0 : newest;
    }

    public State state(String appId) {
        return db.read(h -> h.createQuery(STATE).bind(0, appId)
                .map((rs, c) -> new State(rs.getLong(1), rs.getLong(2), rs.getBoolean(3))).findOne())
                .orElse(State.EMPTY);
    }

    public void setIncludeText(String appId, boolean on) {
        db.writeVoid(h -> {
            h.execute(ENSURE, appId);
            h.execute(SET_TEXT, on, appId);
        });
    }

    /**
     * Deletes events older than {@code cutoff}, remembering per app how far it pruned. One app per
     * transaction: each locks only that app's counter row, so it never deadlocks with a commit
     * that holds several apps' rows (a group commit takes them in id order).
     */
    public int prune(Instant cutoff) {
        long t = cutoff.toEpochMilli();
        Long oldest = db.read(h -> h.createQuery(OLDEST).mapTo(Long.class).one());
        if (oldest == null || oldest >= t) {
            return 0;
        }
        List<String> apps = db.read(h -> h.createQuery(APPS_TO_PRUNE).bind(0, t).mapTo(String.class).list());
        int pruned = 0;
        for (String app : apps) {
            pruned += db.write(h -> {
                h.execute(MARK_PRUNED, app, t, app);
                return h.execute(PRUNE, app, t);
            });
        }
        return pruned;
    }
}
