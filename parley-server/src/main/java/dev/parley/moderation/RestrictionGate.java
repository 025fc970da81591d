package dev.parley.moderation;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.Member;
import dev.parley.http.ApiException;
import dev.parley.message.SendGuard;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses sends from an account a moderator restricted, until the restriction ends, then hands
 * the send to the business rules. A restriction is read from the store at most once a second per
 * account (an action on this node forgets it at once), so sending pays no query per message.
 */
public final class RestrictionGate implements SendGuard {
    private static final long RECHECK_MILLIS = 1_000;
    private static final int CACHE_LIMIT = 100_000;

    private record Known(long until, long checkedAt) {}

    private final Database db;
    private final ModerationStore store;
    private final SendGuard next;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private RestrictionGate(Database db, ModerationStore store, SendGuard next, Clock clock) {
        this.db = db;
        this.store = store;
        this.next = next;
        this.clock = clock;
    }

    /** @param next the business rules, asked once the sender may send */
    public static RestrictionGate before(Database db, SendGuard next, Clock clock) {
        return new RestrictionGate(db, new ModerationStore(), next, clock);
    }

    @Override
    public Approval check(String senderId, String agentId, boolean automated, Conversation c, List<Member> members,
                          String text, Instant now) {
        refuseIfRestricted(senderId);
        if (agentId != null) {
            refuseIfRestricted(agentId);
        }
        return next.check(senderId, agentId, automated, c, members, text, now);
    }

    private void refuseIfRestricted(String accountId) {
        long now = clock.millis();
        Known k = known.get(accountId);
        if (k == null || now - k.checkedAt() > RECHECK_MILLIS) {
            Optional<Instant> until = db.read(h -> store.restrictedUntil(h, accountId));
            if (known.size() > CACHE_LIMIT) {
                known.clear();
            }
            k = new Known(until.map(Instant::toEpochMilli).orElse(0L), now);
            known.put(accountId, k);
        }
        if (k.until() > now) {
            String end = Instant.ofEpochMilli(k.until()).toString();
            throw new ApiException(403, "account_restricted", "Not allowed",
                    "A moderator restricted this account from sending until " + end + ".",
                    Map.of("restricted_until", end));
        }
    }

    /** A moderator restricted or lifted the account here: the next send reads the store. */
    void forget(String accountId) {
        known.remove(accountId);
    }
}
