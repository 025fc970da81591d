package dev.parley.moderation;

import dev.parley.message.SendScreen;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Shadow bans: while one holds, the account's new messages are stored and shown to itself only
 * ({@link SendScreen.Verdict#shadowed()}); the message feature keeps them from everyone else.
 * The owner of {@code shadow_bans}. Bans are few, so the node keeps the whole table in memory
 * ({@link HeldWhole}: read again at most once a second, at once after an action on this node):
 * sending pays no query per message or per sender. The banned account is
 * never told: no notice, no refusal.
 */
public final class ShadowBans implements SendScreen {
    private static final String ALL = "SELECT account_id, until_at FROM shadow_bans";
    private static final String DELETE = "DELETE FROM shadow_bans WHERE account_id = ?";
    private static final String INSERT = "INSERT INTO shadow_bans (account_id, until_at, reason, created_at) VALUES (?, ?, ?, ?)";
    private static final long FOREVER = Long.MAX_VALUE;

    private final Clock clock;
    /** Every ban, by account: when it ends (Long.MAX_VALUE: when lifted). Bans are few; the whole table fits. */
    private final HeldWhole<Map<String, Long>> bans;

    public ShadowBans(Database db, Clock clock) {
        this.clock = clock;
        this.bans = new HeldWhole<>(db, clock, Map.of(), ShadowBans::all);
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
        Long until = bans.get().get(accountId);
        return until != null && until > clock.millis();
    }

    private static Map<String, Long> all(Handle h) {
        Map<String, Long> out = new HashMap<>();
        h.createQuery(ALL).map((rs, c) -> {
            long at = rs.getLong("until_at");
            long until = rs.wasNull() ? FOREVER : at; // asked right after until_at: null is "until lifted"
            return out.put(rs.getString("account_id"), until);
        }).list();
        return Map.copyOf(out);
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
    void changed() {
        bans.changed();
    }
}
