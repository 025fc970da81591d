package dev.parley.appevents;

import dev.parley.app.Apps;
import dev.parley.cluster.Redis;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.event.Event;
import dev.parley.event.EventListeners;
import dev.parley.event.Transactions;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.lifecycle.Threads;
import dev.parley.message.MessageStore;
import dev.parley.notify.NotificationSink;
import dev.parley.outbound.OutboundClient;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * An app's events, wired: the feed written inside every transaction that concerns an app's users,
 * the publisher of the events that come from elsewhere (notification.needed, user.reported), the
 * long-poll feed and webhook routes, the webhook's dispatcher and the hourly pruning.
 *
 * @param publisher the {@link NotificationSink} of the notification decision, and {@code user.reported}
 * @param routes    {@code /api/v1/app/events…} and {@code /api/v1/app/webhook}
 */
public record AppEventsModule(AppEventPublisher publisher, Routes routes) {

    /**
     * @param messages the messages' store: the feed reads what became of a message it recorded
     * @param redis    the cluster's Redis, when there is one: other nodes' long-polls wake through it
     * @param outbound the node's one guarded HTTP client: webhooks go nowhere else
     */
    public static AppEventsModule build(Database db, Transactions tx, EventListeners committed, Optional<Redis> redis,
                                        Apps apps, MessageStore messages, OutboundClient outbound,
                                        Settings settings, Clock clock, String nodeId, Lifecycle life) {
        // The feed never gives back a text unsent or edited away since it was recorded.
        AppEventStore store = new AppEventStore(db, new FeedReplay(messages));
        AppUsersDirectory directory = new AppUsersDirectory();
        AppWebhookStore hooks = new AppWebhookStore(db);
        AppWebhookDispatcher webhooks = new AppWebhookDispatcher(hooks, store, outbound, clock,
                new AppWebhookDispatcher.Timing(settings.get(Keys.APP_WEBHOOK_RETRY_BASE),
                        settings.get(Keys.APP_WEBHOOK_RETRY_MAX), settings.get(Keys.APP_WEBHOOK_LEASE)),
                // Unique per process: a restarted node must not take over its crashed predecessor's lease as its own.
                nodeId + "/" + UUID.randomUUID().toString().substring(0, 8));
        Waiters waiters = life.own("app event long-polls", new Waiters(store::newestId));
        FeedSignal signal = life.own("app feed signal", new FeedSignal(redis, app -> {
            waiters.wake(app);
            webhooks.nudge(app);
        }));
        AppEventPublisher publisher = new AppEventPublisher(db, store, directory, signal::moved);
        tx.beforeCommit(new AppEventRecorder(store, directory));
        committed.add(events -> moved(events, directory, signal));
        life.add("app webhooks", webhooks::start, webhooks::close);
        life.own("app event pruning", pruning(store, clock, settings.get(Keys.APP_EVENTS_RETENTION)));
        return new AppEventsModule(publisher, new AppEventRoutes(apps, store, hooks, waiters, outbound, clock,
                webhooks::nudge));
    }

    /**
     * The sink the notification decision hands its verdicts to.
     *
     * @param devices the user's FCM/APNs tokens ({@code kind}, {@code token}), carried by each
     *                {@code notification.needed} for the app's own push
     */
    public NotificationSink notificationSink(Function<String, List<Map<String, String>>> devices) {
        return v -> publisher.notificationNeeded(v, devices);
    }

    /** After a commit: the feeds of the apps whose users it concerned moved. */
    private static void moved(List<Event> events, AppUsersDirectory directory, FeedSignal signal) {
        Set<String> apps = new HashSet<>();
        for (Event e : events) {
            directory.cached(e.accountId()).ifPresent(u -> apps.add(u.appId()));
        }
        apps.forEach(signal::moved);
    }

    private static AutoCloseable pruning(AppEventStore store, Clock clock, Duration retention) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Threads.daemon("parley-app-events-prune"));
        timer.scheduleWithFixedDelay(() -> {
            try {
                store.prune(clock.instant().minus(retention));
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(AppEventsModule.class).warn("pruning app events failed", e);
            }
        }, 1, 60, TimeUnit.MINUTES);
        return timer::shutdownNow;
    }
}
