package dev.parley.message;

import dev.parley.account.AccountStore;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.ConversationStore;
import dev.parley.event.EventStore;
import dev.parley.event.Transactions;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.policy.Policy;
import dev.parley.safety.RateLimits;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;

/**
 * Messages, wired: sending through the group-commit writer, history, changes, and search with
 * its indexer. The store and views are built first ({@link MessageViews} renders the last
 * messages of the conversation list, so the conversation feature needs it before this).
 *
 * @param messages sending, history, edit, unsend, reactions
 * @param search   full-text search over what a member sees
 */
public record MessageModule(MessageService messages, MessageSearch search) {
    /**
     * @param events the event log: every replay of it reads messages as they are now ({@link ReplayedMessages})
     * @param guard  the business rules every send passes
     * @param screen shadow bans and node filters every send and edit passes
     */
    public static MessageModule build(Database db, Transactions tx, EventStore events, MessageStore store,
                                      MessageViews views, ConversationStore conversationStore,
                                      ConversationService conversations, AccountStore accounts, Policy policy,
                                      RateLimits limits, SendGuard guard, SendScreen screen, Settings settings,
                                      Clock clock, Lifecycle life) {
        // A replay (sync, the stream's catch-up, bots) never brings back a text unsent or edited away since.
        events.replayThrough(new ReplayedMessages(store, views));
        SearchIndexer indexer = life.own("search indexer", new SearchIndexer(db));
        MessageService messages = new MessageService(db, tx, store, views, conversationStore, conversations, accounts,
                policy, limits, guard, screen, clock, settings.get(Keys.WRITE_BATCH_MAX),
                settings.get(Keys.WRITE_BATCH_WAIT_MICROS));
        // Registered after what it feeds and before what sends (automation): closing it writes
        // what is queued, then stops.
        life.own("message writer", messages::close);
        return new MessageModule(messages, new MessageSearch(db, conversations, views, indexer::catchUp));
    }

    /** @param savedReplies a business's saved replies, which agents send as messages */
    public List<Routes> routes(Authenticator auth, Acting acting, SavedReplies savedReplies) {
        return List.of(new MessageRoutes(auth, acting, messages, search, savedReplies));
    }
}
