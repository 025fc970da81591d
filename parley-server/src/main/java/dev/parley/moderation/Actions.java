package dev.parley.moderation;

import dev.parley.account.Account;
import dev.parley.account.AccountService;
import dev.parley.account.JdbcAccountStore;
import dev.parley.conversation.HeldRequests;
import dev.parley.http.ApiException;
import dev.parley.http.ClientTime;
import dev.parley.message.Message;
import dev.parley.message.MessageService;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A moderator's actions. Each needs a reason, is written to the audit log in the transaction that
 * takes effect, and marks the reports it answers reviewed. The account acted on is told of a
 * removal, a warning, a restriction or a suspension (with the reason and the end) by a notice.
 */
public final class Actions {
    static final List<String> ACTIONS = List.of("dismiss", "remove_message", "warn", "restrict", "suspend", "shadow_ban",
            "lift", "release_requests", "drop_requests");
    static final int MAX_REASON = 1_000;
    /** What no moderator may do to their own account: each would take away their own access. */
    static final List<String> SELF_LOCKING = List.of("restrict", "suspend", "shadow_ban");

    private final Database db;
    private final ModerationStore store;
    private final Moderators moderators;
    private final JdbcAccountStore accountStore;
    private final AccountService accounts;
    private final MessageService messages;
    private final RestrictionGate gate;
    private final HeldRequests held;
    private final ShadowBans shadowBans;
    private final Clock clock;

    Actions(Database db, ModerationStore store, Moderators moderators, JdbcAccountStore accountStore,
            AccountService accounts, MessageService messages, RestrictionGate gate, HeldRequests held,
            ShadowBans shadowBans, Clock clock) {
        this.held = held;
        this.db = db;
        this.store = store;
        this.moderators = moderators;
        this.accountStore = accountStore;
        this.accounts = accounts;
        this.messages = messages;
        this.gate = gate;
        this.shadowBans = shadowBans;
        this.clock = clock;
    }

    public record Request(String action, Reports.Target target, String reason, String until) {}

    public record Done(String id, String action, String accountId, Instant until, int reportsReviewed) {}

    public Done act(String moderatorId, Request r) {
        if (r == null || r.action() == null || !ACTIONS.contains(r.action())) {
            throw ApiException.validation("'action' is one of " + String.join(", ", ACTIONS) + ".");
        }
        if (r.target() == null || r.target().kind() == null || r.target().id() == null) {
            throw ApiException.validation("Give a 'target' with 'kind' and 'id'.");
        }
        if (r.reason() == null || r.reason().isBlank()) {
            throw ApiException.validation("Every action needs a 'reason'.");
        }
        String reason = r.reason().strip();
        if (reason.length() > MAX_REASON) {
            throw ApiException.validation("A reason is at most " + MAX_REASON + " characters.");
        }
        Instant now = clock.instant();
        Instant until = until(r.until(), now);
        String kind = r.target().kind();
        String id = r.target().id();
        return switch (r.action()) {
            case "dismiss" -> dismiss(moderatorId, kind, id, reason, now);
            case "remove_message" -> {
                requireKind(kind, "message");
                Message m = messages.removeByModeration(id);
                yield write(moderatorId, "remove_message", kind, m.id(), m.senderId(), true, reason, null, m.id(), now,
                        h -> store.review(h, "message_id", m.id(), now));
            }
            case "warn" -> onAccount(moderatorId, "warn", kind, id, reason, null, now, (h, a) -> { });
            case "restrict" -> {
                if (until == null) {
                    throw ApiException.validation("'restrict' needs 'until', when the account may send again.");
                }
                Done done = onAccount(moderatorId, "restrict", kind, id, reason, until, now,
                        (h, a) -> store.restrict(h, a.id(), until, reason));
                gate.changed();
                yield done;
            }
            case "suspend" -> {
                Done done = onAccount(moderatorId, "suspend", kind, id, reason, until, now,
                        (h, a) -> accountStore.setSuspension(h, a.id(), true, Optional.ofNullable(until)));
                // The store refuses the account's tokens now; the one revocation path ends what is open.
                accounts.signOutEverywhere(done.accountId());
                yield done;
            }
            case "shadow_ban" -> {
                // Never told: no notice, so the account's own view stays as it was.
                Done done = onAccount(moderatorId, "shadow_ban", kind, id, reason, until, now, false,
                        (h, a) -> shadowBans.ban(h, a.id(), until, reason, now));
                shadowBans.changed();
                yield done;
            }
            case "lift" -> {
                // Told only when a restriction or suspension ends: lifting a shadow ban alone says nothing.
                requireKind(kind, "account");
                Account target = moderators.person(id);
                boolean tell = target.suspended() || accountStore.suspendedUntil(target.id()).isPresent()
                        || db.read(h -> store.restrictedUntil(h, target.id())).isPresent();
                Done done = onAccount(moderatorId, "lift", kind, id, reason, null, now, tell, (h, a) -> {
                    store.unrestrict(h, a.id());
                    accountStore.setSuspension(h, a.id(), false, Optional.empty());
                    shadowBans.lift(h, a.id());
                });
                gate.changed();
                shadowBans.changed();
                yield done;
            }
            // Held requests: the sender is told nothing (no notice); the audit names the account.
            case "release_requests", "drop_requests" -> {
                requireKind(kind, "account");
                Account a = moderators.person(id);
                int n = "release_requests".equals(r.action()) ? held.release(a.id(), now) : held.drop(a.id());
                if (n == 0) {
                    throw ApiException.notFound("held requests");
                }
                yield write(moderatorId, r.action(), kind, a.id(), null, false, reason, null, null, now, h -> 0);
            }
            default -> throw new IllegalStateException(r.action());
        };
    }

    private interface Effect {
        void apply(Handle h, Account a);
    }

    private interface Review {
        int apply(Handle h);
    }

    private Done onAccount(String moderatorId, String action, String kind, String id, String reason, Instant until,
                           Instant now, Effect effect) {
        return onAccount(moderatorId, action, kind, id, reason, until, now, true, effect);
    }

    /** @param tell whether the account gets a notice of it */
    private Done onAccount(String moderatorId, String action, String kind, String id, String reason, Instant until,
                           Instant now, boolean tell, Effect effect) {
        requireKind(kind, "account");
        Account a = moderators.person(id);
        if (a.id().equals(moderatorId) && SELF_LOCKING.contains(action)) {
            // A node's only administrator suspending themself could not undo it through the API.
            throw new ApiException(422, "cannot_act_on_self", "Invalid request",
                    "A moderator cannot " + action.replace('_', ' ') + " their own account.");
        }
        return write(moderatorId, action, kind, a.id(), a.id(), tell, reason, until, null, now, h -> {
            effect.apply(h, a);
            Appeals.close(h, a.id(), now);
            return store.review(h, "reported_account_id", a.id(), now);
        });
    }

    private Done dismiss(String moderatorId, String kind, String id, String reason, Instant now) {
        String column = switch (kind) {
            case "report" -> "id";
            case "account" -> "reported_account_id";
            case "message" -> "message_id";
            case "conversation" -> "conversation_id";
            default -> throw ApiException.validation("Dismiss a 'report', 'account', 'message' or 'conversation'.");
        };
        String targetId = "account".equals(kind) ? moderators.person(id).id() : id;
        // Dismissing tells no one: no notice, and reporters see only "reviewed".
        return write(moderatorId, "dismiss", kind, targetId, null, false, reason, null, null, now, h -> {
            if ("account".equals(kind)) {
                Appeals.close(h, targetId, now); // an appeal is answered by dismissing its account too
            }
            return store.review(h, column, targetId, now);
        });
    }

    /** The effect, the audit line, the notice and the reviewed reports: one transaction. */
    private Done write(String moderatorId, String action, String kind, String targetId, String accountId, boolean tell,
                       String reason, Instant until, String messageId, Instant now, Review effect) {
        String auditId = Ids.next('l');
        int reviewed = db.write(h -> {
            if ("dismiss".equals(action) && "report".equals(kind) && store.report(h, targetId).isEmpty()) {
                throw ApiException.notFound("report");
            }
            int n = effect.apply(h);
            store.audit(h, new ModerationStore.AuditEntry(auditId, moderatorId, action, kind, targetId, accountId,
                    reason, until, now));
            if (accountId != null && tell) {
                store.notice(h, Ids.next('o'), accountId,
                        new ModerationStore.Notice(action, reason, until, messageId, now));
            }
            return n;
        });
        return new Done(auditId, action, accountId, until, reviewed);
    }

    private static void requireKind(String kind, String expected) {
        if (!expected.equals(kind)) {
            throw ApiException.validation("This action's 'target.kind' is '" + expected + "'.");
        }
    }

    /** An ISO-8601 instant in the future, or null when none was given. */
    private static Instant until(String raw, Instant now) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Instant at = ClientTime.parse("until", raw, "'until' is an ISO-8601 time such as 2030-01-31T12:00:00Z.");
        if (!at.isAfter(now)) {
            throw ApiException.validation("'until' must be in the future.");
        }
        return at;
    }
}
