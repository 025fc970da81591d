package dev.parley.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.cluster.Redis;
import dev.parley.http.Json;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcast between nodes over Redis pub/sub. Every signal is tagged with its node and a node
 * drops its own echoes. Publishing never waits: a signal that cannot be published is dropped and
 * counted, because it is only a nudge.
 *
 * @implNote While the pub/sub connection is down, nudges from other nodes are lost. When it comes
 * back, listeners hear {@link Broadcast.Resync} (at once, and again a second later, after Lettuce
 * has subscribed again), and pull what they missed from the store.
 */
public final class RedisBroadcast implements Broadcast {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBroadcast.class);
    static final String CHANNEL = "parley:signals";

    private final Redis redis;
    private final String nodeId;
    private final StatefulRedisPubSubConnection<String, String> sub;
    private final List<Consumer<Signal>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();

    public RedisBroadcast(Redis redis, String nodeId) {
        this.redis = redis;
        this.nodeId = nodeId;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-redis-resync");
            t.setDaemon(true);
            return t;
        });
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
                if (lost.compareAndSet(false, true)) {
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
        sub.sync().subscribe(CHANNEL);
    }

    private void resync() {
        dispatch(new Resync("redis"));
    }

    @Override
    public void publish(Signal signal) {
        try {
            redis.async().publish(CHANNEL, encode(signal)).whenComplete((n, e) -> {
                if (e != null) {
                    dropped.incrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            dropped.incrementAndGet(); // refused while disconnected: the store has it, a resync will find it
        }
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
        } else if (signal instanceof Frame f) {
            m.put("type", "frame");
            m.put("accounts", f.accountIds());
            m.put("json", f.json());
        } else if (signal instanceof Revoked r) {
            m.put("type", "revoked");
            m.put("token_hash", r.tokenHash());
            m.put("account", r.accountId());
        } else if (signal instanceof Unseated u) {
            m.put("type", "unseated");
            m.put("business", u.businessId());
            m.put("person", u.personId());
        } else {
            m.put("type", "resync");
        }
        return Json.write(m);
    }

    static Signal decode(String json) throws IOException {
        JsonNode n = Json.MAPPER.readTree(json);
        String node = n.path("node").asText();
        List<String> accounts = new ArrayList<>();
        n.path("accounts").forEach(a -> accounts.add(a.asText()));
        return switch (n.path("type").asText()) {
            case "events" -> new NewEvents(node, accounts);
            case "frame" -> new Frame(node, accounts, n.path("json").asText());
            case "revoked" -> new Revoked(node, n.path("token_hash").asText(null), n.path("account").asText(null));
            case "unseated" -> new Unseated(node, n.path("business").asText(), n.path("person").asText());
            case "resync" -> new Resync(node);
            default -> throw new IOException("unknown signal type");
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            sub.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the pub/sub connection", e);
        }
    }
}
