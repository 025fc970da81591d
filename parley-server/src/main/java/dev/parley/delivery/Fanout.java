package dev.parley.delivery;

import dev.parley.cluster.NodeLiveness;
import dev.parley.cluster.Redis;
import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.event.EventListeners;
import dev.parley.event.EventPruner;
import dev.parley.event.EventStore;
import dev.parley.event.Transactions;
import dev.parley.lifecycle.Lifecycle;
import dev.parley.store.Database;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The event log and how committed events leave a node, wired: the transactions that append
 * events, the listeners that hear them after commit (this node's sockets through the hub first,
 * then what features add), and the broadcast that nudges the other nodes (through Redis in a
 * cluster), with the presence directory and stream tickets the nodes share. Built before the
 * features, since their transactions report here.
 *
 * @param redis     the cluster's Redis, when there is one
 * @param events    the event log every client syncs from
 * @param committed hears every commit's events: delivery first, then the features' listeners
 * @param tx        transactions that append events and report them after commit
 * @param broadcast the link to the other nodes
 * @param directory who is online on other nodes
 * @param tickets   one-time stream tickets (in Redis when nodes share them)
 * @param hub       this node's sockets, by account
 * @param visibility who has a visible socket, here and on other nodes (what notifications ask)
 * @param liveness  which nodes of the cluster are alive (with Redis)
 */
public record Fanout(Optional<Redis> redis, EventStore events, EventListeners committed, Transactions tx,
                     Broadcast broadcast, Presence.Directory directory, Tickets tickets, Hub hub,
                     Visibility visibility, Optional<NodeLiveness> liveness) {
    /** @param local the in-process link used when there is no Redis, given this node's id */
    public static Fanout build(Settings settings, String nodeId, Database db, Clock clock,
                               Function<String, Broadcast> local, Lifecycle life) {
        // Cluster mode: Redis carries the nudges and holds tickets, presence and rate buckets.
        Optional<Redis> redis = settings.get(Keys.REDIS_URL).isEmpty() ? Optional.empty()
                : Optional.of(life.own("redis", Redis.connect(settings.get(Keys.REDIS_URL))));
        Broadcast broadcast = life.own("broadcast",
                redis.<Broadcast>map(r -> new RedisBroadcast(r, nodeId)).orElseGet(() -> local.apply(nodeId)));
        Optional<NodeLiveness> liveness = redis.map(r -> life.own("node liveness", new NodeLiveness(r, nodeId)));
        Presence.Directory directory = life.own("presence directory",
                redis.map(r -> RedisPresence.of(r, liveness.orElseThrow(), clock)).orElse(Presence.Directory.NONE));
        Visibility visibility = life.own("visibility", new Visibility(redis, nodeId, clock));
        Tickets tickets = redis.map(r -> new Tickets(clock, r)).orElseGet(() -> new Tickets(clock));
        EventStore events = new EventStore(db);
        Hub hub = new Hub(events, broadcast, nodeId, 4);
        life.own("hub", hub::shutdown);
        broadcast.subscribe(hub::heard);
        EventListeners committed = new EventListeners(hub);
        life.own("event pruning", new EventPruner(events, clock, settings.get(Keys.EVENT_RETENTION)));
        return new Fanout(redis, events, committed, new Transactions(db, events, committed), broadcast, directory,
                tickets, hub, visibility, liveness);
    }
}
