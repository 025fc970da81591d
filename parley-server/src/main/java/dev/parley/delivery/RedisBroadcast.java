package dev.parley.delivery;

import dev.parley.lifecycle.Threads;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.cluster.Redis;
import dev.parley.event.Event;
import dev.parley.http.Json;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcast between nodes over Redis pub/sub. Every signal is tagged with its node and a node
 * drops its own echoes. Publishing never waits: signals are encoded and published in order on a
 * thread of their own (so the commit that raised them does not pay for the JSON), and a signal
 * that cannot be published is dropped and counted, because it is only a nudge. New events ride
 * along with their nudge up to {@value #MAX_CARRIED_CHARS} characters; past that the nudge goes
 * alone and the other nodes read the events from the store.
 *
 * @implNote While the pub/sub connection is down, nudges from other nodes are lost. When it comes
 * back, listeners hear {@link Broadcast.Resync} (at once, and again a second later, after Lettuce
 * has subscribed again), and pull what they missed from the store.
 */
public final class RedisBroadcast implements Broadcast {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBroadcast.class);
    static final String CHANNEL = "parley:signals";
    static final int MAX_CARRIED_CHARS = 256 * 1024;

    private final Redis redis;
    private final String nodeId;
    private final StatefulRedisPubSubConnection<String, String> sub;
    private final List<Consumer<Signal>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final String channel;
    private volatile boolean closing;
    private final AtomicLong dropped = new AtomicLong();
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(Threads.daemon("parley-redis-publish"));

    public RedisBroadcast(Redis redis, String nodeId) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.channel = redis.channel(CHANNEL);
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-redis-resync"));
        this.sub = redis.pubSub();
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                heard(message);
            }
        });
        sub.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (lost.compareAndSet(false, true) && !closing && !redis.closing()) {
                    LOG.warn("lost Redis: other nodes' nudges are not heard until it is back");
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (lost.compareAndSet(true, false)) {
                    LOG.info("Redis is back: pulling what was missed from the store");
                    resync();
                    timer.schedule(RedisBroadcast.this::resync, 1, TimeUnit.SECONDS);
                }
            }
        });
        sub.sync().subscribe(channel);
    }

    private void resync() {
        dispatch(new Resync("redis"));
    }

    @Override
    public void publish(Signal signal) {
        try {
            publisher.execute(() -> send(signal));
        } catch (RejectedExecutionException closing) {
            dropped.incrementAndGet();
        }
    }

    private void send(Signal signal) {
        try {
            redis.async().publish(channel, encode(signal)).whenComplete((n, e) -> {
                if (e != null) {
                    dropped.incrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            dropped.incrementAndGet(); // refused while disconnected: the store has it, a resync will find it
        }
    }

    /** Publishes one signal and waits for Redis to take it: for a process that is not a node (the admin command). */
    public static void publishNow(Redis redis, Signal signal) {
        redis.sync().publish(redis.channel(CHANNEL), encode(signal));
    }

    @Override
    public void subscribe(Consumer<Signal> listener) {
        listeners.add(listener);
    }

    /** Signals that could not be published (Redis away). */
    public long dropped() {
        return dropped.get();
    }

    private void heard(String message) {
        Signal s;
        try {
            s = decode(message);
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring a signal that is not one: {}", message);
            return;
        }
        if (!nodeId.equals(s.node())) {
            dispatch(s);
        }
    }

    private void dispatch(Signal s) {
        for (Consumer<Signal> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("a broadcast listener failed", e);
            }
        }
    }

    static String encode(Signal signal) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", signal.node());
        if (signal instanceof NewEvents n) {
            m.put("type", "events");
            m.put("accounts", n.accountIds());
            String carried = carried(n.events());
            if (carried != null) {
                m.put("events", new RawJson(carried));
            }
        } else if (signal instanceof Frame f) {
            m.put("type", "frame");
            m.put("accounts", f.accountIds());
            m.put("json", f.json());
        } else if (signal instanceof BlocksChanged b) {
            m.put("type", "blocks_changed");
            m.put("account", b.accountId());
        } else if (signal instanceof AppsChanged) {
            m.put("type", "apps_changed");
        } else if (signal instanceof AccessRevoked a) {
            m.put("type", "access_revoked");
            m.put("token_hash", a.tokenHash());
            m.put("account", a.accountId());
            m.put("issued_before", a.issuedBeforeMillis());
        } else if (signal instanceof CloseSockets c) {
            m.put("type", "close_sockets");
            m.put("sockets", c.socketIds());
            m.put("code", c.code());
        } else if (signal instanceof Unseated u) {
            m.put("type", "unseated");
            m.put("business", u.businessId());
            m.put("person", u.personId());
        } else {
            m.put("type", "resync");
        }
        return Json.write(m);
    }

    /** Written as it is inside the signal's JSON. */
    private record RawJson(@com.fasterxml.jackson.annotation.JsonValue @com.fasterxml.jackson.annotation.JsonRawValue
                           String json) {}

    /** The events as a JSON array of {@code {"account": …, "event": …}}, or null when too long to carry. */
    private static String carried(List<Event> events) {
        if (events.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder("[");
        for (Event e : events) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append("{\"account\":").append(Json.write(e.accountId())).append(",\"event\":").append(Json.write(e))
                    .append('}');
            if (b.length() > MAX_CARRIED_CHARS) {
                return null;
            }
        }
        return b.append(']').toString();
    }

    private static List<Event> events(JsonNode carried) {
        List<Event> out = new ArrayList<>();
        for (JsonNode c : carried) {
            JsonNode e = c.get("event");
            JsonNode data = e.get("data");
            out.add(new Event(c.get("account").asText(), e.get("token").asLong(), e.get("type").asText(),
                    e.path("conversation_id").asText(null), e.hasNonNull("seq") ? e.get("seq").asLong() : null,
                    Instant.parse(e.get("at").asText()), data == null || data.isNull() ? null : data.toString()));
        }
        return out;
    }

    static Signal decode(String json) throws IOException {
        JsonNode n = Json.MAPPER.readTree(json);
        String node = n.path("node").asText();
        List<String> accounts = new ArrayList<>();
        n.path("accounts").forEach(a -> accounts.add(a.asText()));
        return switch (n.path("type").asText()) {
            case "events" -> new NewEvents(node, accounts, n.has("events") ? events(n.get("events")) : List.of());
            case "frame" -> new Frame(node, accounts, n.path("json").asText());
            // "revoked" is what nodes before BlocksChanged sent for changed blocks (its token side was never sent).
            case "blocks_changed", "revoked" -> new BlocksChanged(node, n.path("account").asText(null));
            case "apps_changed" -> new AppsChanged(node);
            case "access_revoked" -> new AccessRevoked(node, n.path("token_hash").asText(null),
                    n.path("account").asText(null), n.hasNonNull("issued_before") ? n.get("issued_before").asLong() : null);
            case "close_sockets" -> {
                List<String> sockets = new ArrayList<>();
                n.path("sockets").forEach(id -> sockets.add(id.asText()));
                yield new CloseSockets(node, sockets, n.path("code").asInt());
            }
            case "unseated" -> new Unseated(node, n.path("business").asText(), n.path("person").asText());
            case "resync" -> new Resync(node);
            default -> throw new IOException("unknown signal type");
        };
    }

    @Override
    public void close() {
        closing = true; // the pub/sub link goes down now: that is the node stopping, not Redis
        publisher.shutdown();
        try {
            publisher.awaitTermination(2, TimeUnit.SECONDS); // what was committed is still told
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        try {
            sub.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the pub/sub connection", e);
        }
    }
}
