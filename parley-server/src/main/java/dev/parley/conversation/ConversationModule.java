package dev.parley.conversation;

import dev.parley.account.AccountModule;
import dev.parley.config.Settings;
import dev.parley.event.Transactions;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.safety.RateLimits;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.time.Clock;
import java.util.List;

/**
 * Conversations, wired: opening them, members, folders and read pointers.
 *
 * @param store    the one owner of the conversation and member tables
 * @param service  the rules of conversations
 * @param actions  what a member does for themself alone: pin, archive, mark unread, delete for me
 * @param held     message requests held for a moderator's review
 */
public record ConversationModule(ConversationStore store, ConversationService service, MemberActions actions,
                                 HeldRequests held) {
    /**
     * @param lastMessages renders each conversation's last message (the message feature)
     * @param shadowBanned accounts whose new conversations no one else hears of (moderation's shadow bans)
     * @param restricted   refuses an account a moderator restricted from writing: it names no new group, renames none
     * @param lines        writes a group's system lines as messages (the message feature)
     */
    public static ConversationModule build(Database db, Transactions tx, AccountModule people, RateLimits limits,
                                           Clock clock, LastMessages lastMessages,
                                           java.util.function.Predicate<String> shadowBanned,
                                           java.util.function.Consumer<String> restricted, SystemLines lines) {
        // This node alone writes a SQLite store: what sends check can stay in memory.
        ConversationStore store = new ConversationStore(db.dialect() == Dialect.SQLITE);
        HeldRequests held = new HeldRequests(db, tx, store);
        ConversationService service = new ConversationService(db, tx, store, people.store(), people.graph(),
                people.policy(), limits, held, clock, lastMessages, shadowBanned, restricted, lines);
        return new ConversationModule(store, service, new MemberActions(db, tx, store, service, clock), held);
    }

    public List<Routes> routes(Authenticator auth, Acting acting, AccountModule people, Settings settings) {
        return List.of(new ConversationRoutes(auth, acting, service, people.graph(), settings.rules()),
                new MemberActionRoutes(auth, acting, actions));
    }
}
