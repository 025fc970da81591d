package dev.parley.moderation;

import dev.parley.account.AccountModule;
import dev.parley.appevents.AppEventPublisher;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.HeldRequests;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.message.MessageService;
import dev.parley.message.MessageStore;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * Reports and moderation, wired. The {@link RestrictionGate} is made first (before the messages,
 * whose sends it checks); this module is built after them. {@code reportedAccount} hears each
 * account reported (the spam limits count it like a declined request).
 */
public record ModerationModule(Reports reports, Moderators moderators, Queue queue, Actions actions, Routes routes) {
    public static ModerationModule build(Database db, AccountModule people, ConversationStore conversations,
                                         MessageStore messageStore, MessageService messages,
                                         AppEventPublisher appEvents, RestrictionGate gate, ShadowBans shadowBans,
                                         Authenticator auth, Acting acting, Consumer<String> reportedAccount,
                                         HeldRequests held, Reports.ClearedUpTo cleared, Clock clock) {
        ModerationStore store = new ModerationStore();
        Moderators moderators = new Moderators(db, store, people.store(), clock);
        Reports reports = new Reports(db, store, conversations, messageStore, people.store(), people.graph(),
                appEvents, reportedAccount, cleared, clock);
        Queue queue = new Queue(db, store, people.store());
        Actions actions = new Actions(db, store, moderators, people.store(), people.accounts(), messages, gate, held,
                shadowBans, clock);
        Routes routes = new ModerationRoutes(auth, acting, db, store, reports, moderators, queue, actions, held,
                new Appeals(db, store, people.store(), clock), clock);
        return new ModerationModule(reports, moderators, queue, actions, routes);
    }
}
