package dev.parley.delivery;

import dev.parley.cluster.Redis;
import dev.parley.http.ApiException;
import dev.parley.http.Principal;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use stream tickets: browsers cannot set headers on a WebSocket, so they trade their token
 * for a ticket that works once, within 60 s, as {@code ?ticket=}. One node keeps them in memory;
 * a cluster keeps them in Redis, so a ticket from one node opens a socket on any other.
 */
public final class Tickets {
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    private final Clock clock;
    private final Store store;

    /** Where issued tickets wait to be redeemed. */
    interface Store {
        void put(String ticket, Principal p, Instant expires);

        /** Removes and answers the ticket's owner, if it is there and not expired. */
        Optional<Principal> take(String ticket, Instant now);
    }

    public record Ticket(String ticket, Instant expiresAt) {}

    /** Tickets in this node's memory. */
    public Tickets(Clock clock) {
        this(clock, new MemoryStore());
    }

    /** Tickets shared by the nodes of a cluster. */
    public Tickets(Clock clock, Redis redis) {
        this(clock, new RedisStore(redis));
    }

    private Tickets(Clock clock, Store store) {
        this.clock = clock;
        this.store = store;
    }

    public Ticket issue(Principal p) {
        String t = Ids.unguessable(24);
        Instant expires = clock.instant().plus(LIFETIME);
        store.put(t, p, expires);
        return new Ticket(t, expires);
    }

    /** The ticket's owner, once; a used, unknown or expired ticket gives nothing. */
    public Optional<Principal> redeem(String ticket) {
        return store.take(ticket, clock.instant());
    }

    private static final class MemoryStore implements Store {
        private record Issued(Principal principal, Instant expires) {}

        private final Map<String, Issued> issued = new ConcurrentHashMap<>();

        @Override
        public void put(String ticket, Principal p, Instant expires) {
            issued.put(ticket, new Issued(p, expires));
            if (issued.size() > 10_000) {
                Instant now = expires.minus(LIFETIME); // the injected clock's now, as issue() read it
                issued.values().removeIf(i -> i.expires().isBefore(now));
            }
        }

        @Override
        public Optional<Principal> take(String ticket, Instant now) {
            Issued i = issued.remove(ticket);
            return i == null || i.expires().isBefore(now) ? Optional.empty() : Optional.of(i.principal());
        }
    }

    /** One key per ticket with Redis's own expiry; GETDEL makes redeeming single-use across nodes. */
    private static final class RedisStore implements Store {
        private final Redis redis;

        RedisStore(Redis redis) {
            this.redis = redis;
        }

        @Override
        public void put(String ticket, Principal p, Instant expires) {
            try {
                redis.sync().setex(key(ticket), LIFETIME.toSeconds(),
                        p.accountId() + "|" + p.tokenHash() + "|" + p.admin() + "|" + p.bot() + "|"
                                + p.expiresAt().map(e -> Long.toString(e.toEpochMilli())).orElse("") + "|"
                                + p.issuedAt().map(e -> Long.toString(e.toEpochMilli())).orElse(""));
            } catch (RuntimeException e) {
                throw new ApiException(503, "unavailable", "Tickets unavailable",
                        "Stream tickets can't be issued right now; connect with the Bearer header or retry.");
            }
        }

        @Override
        public Optional<Principal> take(String ticket, Instant now) {
            String v;
            try {
                v = redis.sync().getdel(key(ticket));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            if (v == null) {
                return Optional.empty();
            }
            // A bot's ticket stays a bot's (it acts as the business and is checked as a bot's token);
            // the credential's expiry rides along, so a socket opened by ticket still ends when its token does.
            String[] parts = v.split("\\|", 6);
            return Optional.of(new Principal(parts[0], parts[1], Boolean.parseBoolean(parts[2]),
                    parts.length > 3 && Boolean.parseBoolean(parts[3]), millis(parts, 4), millis(parts, 5)));
        }

        private static Optional<Instant> millis(String[] parts, int i) {
            return parts.length <= i || parts[i].isEmpty() ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(Long.parseLong(parts[i])));
        }

        private static String key(String ticket) {
            return "parley:ticket:" + ticket;
        }
    }
}
