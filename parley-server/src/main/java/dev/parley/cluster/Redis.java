package dev.parley.cluster;

import dev.parley.config.ConfigException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;

/**
 * The node's connections to Redis (cluster mode): one for commands, one for pub/sub.
 *
 * @implNote Redis carries nudges and fast shared state, never the data, so the connections are
 * set up to fail fast while Redis is away (commands are refused, not queued; a command gives up
 * after two seconds) and to come back quickly (a reconnect every 250 ms at most 1 s apart), so
 * delivery resumes within a second or so of Redis returning.
 */
public final class Redis implements AutoCloseable {
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final int database;
    private volatile boolean closing;

    private Redis(ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> commands,
                  int database) {
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.database = database;
    }

    /** Connects, or stops start-up with a message naming the URL. */
    public static Redis connect(String url) {
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(250), Duration.ofSeconds(1), 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            resources.shutdown();
            throw new ConfigException("bad setting redis_url: " + e.getMessage());
        }
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build());
        try {
            return new Redis(resources, client, client.connect(), uri.getDatabase());
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new ConfigException("cannot reach Redis at " + url.replaceAll("//[^@/]*@", "//***@") + ": "
                    + e.getMessage());
        }
    }

    public RedisCommands<String, String> sync() {
        return commands.sync();
    }

    public RedisAsyncCommands<String, String> async() {
        return commands.async();
    }

    /**
     * A pub/sub channel's name for this cluster. Keys live in the URL's database, but Redis pub/sub
     * ignores the database: two clusters sharing one Redis under different database numbers
     * (production and staging) would hear each other's signals, messages included. So a channel
     * outside database 0 carries its number ({@code parley:signals:db7}); database 0 keeps the bare
     * name, which nodes of earlier versions use.
     */
    public String channel(String name) {
        return database == 0 ? name : name + ":db" + database;
    }

    /** Whether this connection is being closed (the node stops): a lost link then is no outage. */
    public boolean closing() {
        return closing;
    }

    /** A new pub/sub connection (Lettuce subscribes again by itself after a reconnect). */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        return client.connectPubSub();
    }

    @Override
    public void close() {
        closing = true;
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown();
    }
}
