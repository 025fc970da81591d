package dev.parley.notify;

import dev.parley.account.GraphService;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.event.EventListeners;
import dev.parley.http.Authenticator;
import dev.parley.http.Routes;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The one notification decision, wired: pending rows written from committed events, decided on
 * every node (one node per row), verdicts handed to the sinks (the app events feed, Web Push);
 * and the preferences it reads, with their routes.
 *
 * @param preferences each account's level, text and quiet hours
 */
public record NotifyModule(PreferenceStore preferences) {
    /**
     * @param visible whether an account has a visible socket anywhere (live delivery answers)
     * @param sinks   who hears each verdict
     */
    public static NotifyModule build(Database db, Settings settings, EventListeners committed, GraphService graph,
                                     Visible visible, List<NotificationSink> sinks, Clock clock, String nodeId,
                                     Lifecycle life) {
        Duration delay = settings.get(Keys.NOTIFY_DELAY);
        // Never less than the delay: a verdict is the earliest the next message could be told anyway.
        Duration collapse = java.util.Collections.max(List.of(settings.get(Keys.NOTIFY_COLLAPSE), delay));
        PreferenceStore preferences = new PreferenceStore(db);
        PendingStore pending = new PendingStore(db);
        AgentDecider agents = new AgentDecider(db, visible);
        PendingWriter writer = new PendingWriter(pending, agents::assignees, delay, collapse);
        committed.add(writer);
        Decisions decisions = new Decisions(pending, new Decider(db, preferences, graph, visible, agents), sinks, clock,
                delay, collapse, nodeId);
        // Stopped in reverse: decisions first (their claims given back), then the writer flushes its queue.
        life.add("notification rows", writer::start, writer);
        life.add("notification decisions", decisions::start, decisions);
        return new NotifyModule(preferences);
    }

    public List<Routes> routes(Authenticator auth) {
        return List.of(new PreferenceRoutes(auth, preferences));
    }
}
