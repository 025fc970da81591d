package dev.parley.automation;

import dev.parley.business.BusinessService;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.event.EventListeners;
import dev.parley.event.EventStore;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.outbound.OutboundClient;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Bots and their webhooks, wired: built early, since a bot's token signs requests like a person's
 * and every committed event may owe a webhook delivery.
 *
 * @param bots     bot registration and bot tokens
 * @param webhooks delivers committed events to bots' webhooks, with retries
 */
public record BotModule(BotService bots, WebhookDispatcher webhooks) {
    /** @param outbound the node's one guarded HTTP client: webhooks go nowhere else */
    public static BotModule build(Database db, EventStore events, EventListeners committed, Settings settings,
                                  OutboundClient outbound, Clock clock, String nodeId, Lifecycle life) {
        BotStore store = new BotStore(db);
        WebhookDispatcher webhooks = new WebhookDispatcher(store, events,
                outbound, clock,
                settings.get(Keys.AUTOMATION_WEBHOOK_RETRY_BASE),
                // Unique per process even when node_id is configured: a restarted node must not
                // take for its own a lease its crashed predecessor held mid-delivery.
                nodeId + "/" + UUID.randomUUID().toString().substring(0, 8),
                settings.get(Keys.AUTOMATION_WEBHOOK_LEASE));
        BotService bots = new BotService(store, events,
                outbound, webhooks, clock);
        committed.add(webhooks::committed);
        life.add("webhooks", webhooks::start, webhooks::close);
        return new BotModule(bots, webhooks);
    }

    /** @param businesses whom a caller may act for, and who manages a business's bots */
    public List<Routes> routes(Authenticator auth, BusinessService businesses) {
        return List.of(new BotRoutes(auth, businesses, bots, businesses::isManager));
    }
}
