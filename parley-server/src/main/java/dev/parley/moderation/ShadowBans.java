package dev.parley.moderation;

import dev.parley.message.SendScreen;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Shadow bans: while one holds, the account's new messages are stored and shown to itself only
 * ({@link SendScreen.Verdict#shadowed()}); the message feature keeps them from everyone else.
 * The owner of {@code shadow_bans}. A ban is read from the store at most once a second per
 * account (an action on this node forgets it at once; another node's within that second), so
 * sending pays no query per message. The banned account is never told: no notice, no refusal.
 */
public final class ShadowBans implements SendScreen {
    private static final String UNTIL = "SELECT until_at, created_at FROM shadow_bans WHERE account_id = ?";
    private static final String DELETE = "DELETE FROM shadow_bans WHERE account_id = ?";
    private static final String INSERT = "INSERT INTO shadow_bans (account_id, until_at, reason, created_at) VALUES (?, ?, ?, ?)";
    private static final long RECHECK_MILLIS = 1_000;
    private static final int CACHE_LIMIT = 100_000;
    private static final long FOREVER = Long.MAX_VALUE;

    private record Known(long until, long checkedAt) {}

    private final Database db;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public ShadowBans(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Verdict screen(String senderId, String agentId, boolean automated, String text) {
        boolean banned = banned(senderId) || agentId != null && banned(agentId);
        return banned ? new Verdict(true, java.util.List.of()) : Verdict.DELIVER;
    }

    /** Whether a ban holds on the account now (as a send would see it: cached for up to a second). */
    public boolean holds(String accountId) {
        return banned(accountId);
    }

    private boolean banned(String accountId) {
        long now = clock.millis();
        Known k = known.get(accountId);
        if (k == null || now - k.checkedAt() > RECHECK_MILLIS) {
            long until = db.read(h -> until(h, accountId)).orElse(0L);
            if (known.size() > CACHE_LIMIT) {
                known.clear();
            }
            k = new Known(until, now);
            known.put(accountId, k);
        }
        return k.until() > now;
    }

    /** When the ban ends (Long.MAX_VALUE: never), if there is one, ended or not. */
    private static Optional<Long> until(Handle h, String accountId) {
        return h.select(UNTIL, accountId).map((rs, c) -> {
            long at = rs.getLong("until_at");
            return rs.wasNull() ? FOREVER : at;
        }).findOne();
    }

    /** Bans until then (null: until lifted), replacing any ban before. */
    void ban(Handle h, String accountId, Instant until, String reason, Instant now) {
        h.execute(DELETE, accountId);
        h.execute(INSERT, accountId, until == null ? null : until.toEpochMilli(), reason, now.toEpochMilli());
    }

    /** Ends the ban for new messages; what was hidden stays hidden. Answers whether there was one. */
    boolean lift(Handle h, String accountId) {
        return h.execute(DELETE, accountId) > 0;
    }

    /** An action on this node: the next send reads the store. */
    void forget(String accountId) {
        known.remove(accountId);
    }
}
