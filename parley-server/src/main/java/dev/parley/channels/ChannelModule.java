package dev.parley.channels;

import dev.parley.account.AccountStore;
import dev.parley.conversation.ConversationService;
import dev.parley.http.Acting;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.media.Attachments;
import dev.parley.message.MessageService;
import dev.parley.message.SendGuard;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The channels wired: the connectors, the store and queues, the send guard (built before the
 * message feature, which takes it), then the delivery worker and reply sender (which send through
 * the message feature) and the routes.
 */
public record ChannelModule(Parts parts, Channels channels, DeliveryWorker worker) {

    /** What exists before the message feature: the store, the queues, the connectors and the guard. */
    public record Parts(Database db, ChannelStore store, ChannelQueues queues, Map<Network, Connector> connectors,
                        Attachments attachments) {
        /** The business rules with the channels' window and outbox around them. */
        public SendGuard guard(SendGuard rules) {
            return new ChannelGuard(rules, db, store, queues, connectors, attachments.linksForOthers());
        }
    }

    /**
     * @param connectors one per network this node serves, made by the root (the connectors' packages
     *                   import this one, so this one imports none of them)
     * @param attachments the files of replies, linked for the networks to fetch
     */
    public static Parts parts(Database db, Map<Network, Connector> connectors, Attachments attachments) {
        return new Parts(db, new ChannelStore(db), new ChannelQueues(db), Map.copyOf(connectors), attachments);
    }

    public static ChannelModule build(Parts p, AccountStore accounts, ConversationService conversations,
                                      MessageService messages, Clock clock, Lifecycle life) {
        Contacts contacts = new Contacts(p.db(), p.store(), accounts, conversations, clock);
        Ingest ingest = new Ingest(p.db(), p.store(), p.queues(), contacts, messages, conversations, clock);
        DeliveryWorker worker = life.own("channel deliveries", new DeliveryWorker(p.queues(), p.connectors(), ingest, clock));
        life.add("channel delivery worker", worker::start, () -> { });
        ReplySender sender = life.own("channel replies", new ReplySender(p.db(), p.store(), p.queues(), p.attachments(),
                p.connectors(), clock));
        p.queues().onReplyQueued(sender::kick);
        life.add("channel reply sender", sender::start, () -> { });
        return new ChannelModule(p, new Channels(p.db(), p.store(), p.connectors(), clock), worker);
    }

    /** The webhook (public: deliveries are verified by signature) and the business's channel settings. */
    public List<Routes> routes(Authenticator auth, Acting acting, BiPredicate<String, String> mayManage, Clock clock) {
        return List.of(new WebhookRoutes(parts.connectors(), parts.queues(), worker::nudge, clock),
                new ChannelRoutes(auth, acting, mayManage, channels, parts.queues()));
    }
}
