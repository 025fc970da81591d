package dev.parley.moderation;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.Member;
import dev.parley.http.ApiException;
import dev.parley.message.SendGuard;
import dev.parley.message.SendScreen;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Refuses sends from an account a moderator restricted, until the restriction ends, then hands
 * the send to the business rules. The restrictions in force are held in memory whole
 * ({@link HeldWhole}: reread at most once a second, at the next send after an action here), and a
 * send looks its sender up there. As a {@link SendScreen} it refuses edits too: rewriting an earlier
 * message puts new text before the others as a send does; so do a new group's title and a rename,
 * which conversations refuse through {@link #refuseIfRestricted}.
 *
 * @implNote Held whole, not a second per sender: with many people each sending now and then (what
 * a real node sees), nearly every send found its sender's entry older than a second and paid a
 * read from the pool, about 100 µs of a socket thread (docs/PERFORMANCE.md). Restrictions are
 * few, and only those still in force are read.
 */
public final class RestrictionGate implements SendGuard, SendScreen {
    /** The business rules, set once they are wired ({@link #then}): conversations need the gate first. */
    private volatile SendGuard next = SendGuard.NONE;
    private final Clock clock;
    /** Account id to when its restriction ends (epoch millis), for those in force when read. */
    private final HeldWhole<Map<String, Long>> inForce;

    private RestrictionGate(Database db, ModerationStore store, Clock clock) {
        this.clock = clock;
        this.inForce = new HeldWhole<>(db, clock, Map.of(), h -> store.restrictionsInForce(h, clock.instant()));
    }

    /** The gate before the business rules exist (conversations, wired first, ask it too); {@link #then} adds them. */
    public static RestrictionGate first(Database db, Clock clock) {
        return new RestrictionGate(db, new ModerationStore(), clock);
    }

    /** @param next the business rules, asked once the sender may send */
    public RestrictionGate then(SendGuard next) {
        this.next = next;
        return this;
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

    /** On every send and edit, automated or not, as {@link #check} on sends. */
    @Override
    public Verdict screen(String senderId, String agentId, boolean automated, String text) {
        refuseIfRestricted(senderId);
        if (agentId != null) {
            refuseIfRestricted(agentId);
        }
        return Verdict.DELIVER;
    }

    /** Refuses (403 {@code account_restricted}) an account a moderator restricted, until it ends. */
    public void refuseIfRestricted(String accountId) {
        Long until = inForce.get().get(accountId);
        if (until != null && until > clock.millis()) {
            String end = Instant.ofEpochMilli(until).toString();
            throw new ApiException(403, "account_restricted", "Not allowed",
                    "A moderator restricted this account from sending until " + end + ".",
                    Map.of("restricted_until", end));
        }
    }

    /** A moderator restricted or lifted an account here: the next send rereads the store. */
    void changed() {
        inForce.changed();
    }
}
