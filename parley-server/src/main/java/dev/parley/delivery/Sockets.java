package dev.parley.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import dev.parley.http.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import dev.parley.lifecycle.Threads;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's open sockets as access sees them: which credential each was opened with, which must
 * close when access ends, and which are over their account's cap.
 *
 * @implNote Three ways a socket learns its access ended, from fastest to surest: a revocation on
 * this node or heard from another (closed at once); a revocation that arrived while the socket was
 * still between its upgrade and its registration (kept for {@link #REMEMBER}, checked at
 * registration); and a sweep every {@code sweepEvery} that asks the store, in one query per 500
 * sockets, whether their sessions still exist: it catches what no signal carried (the admin
 * command run in another process without Redis, a signal lost while Redis was away).
 */
public final class Sockets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);
    static final Duration REMEMBER = Duration.ofSeconds(60);
    public static final int REVOKED = 4401;
    public static final int OVER_CAP = 4429;
    public static final int TOKEN_EXPIRED = 4440;

    private final Map<String, StreamSession> open = new ConcurrentHashMap<>();
    private final Deque<Remembered> recent = new ArrayDeque<>();
    private final Function<Collection<String>, Set<String>> liveSessions;
    private final SocketCap cap;
    private final Broadcast broadcast;
    private final String nodeId;
    /** What this node's socket ids start with: its instance in a cluster (so a dead one's are told apart). */
    private final String idPrefix;
    private final Clock clock;
    private final ScheduledExecutorService sweeper;

    private record Remembered(Broadcast.AccessRevoked revocation, Instant at) {}

    /**
     * @param liveSessions which of these session hashes still exist in the store
     * @param maxPerAccount the most sockets one account holds across the cluster
     * @param redis the cluster's Redis, or null for one node
     * @param liveness which nodes of the cluster are alive, or null for one node
     */
    public Sockets(Function<Collection<String>, Set<String>> liveSessions, Broadcast broadcast, String nodeId, Clock clock, int maxPerAccount,
                   dev.parley.cluster.Redis redis, dev.parley.cluster.NodeLiveness liveness, Duration sweepEvery) {
        this.liveSessions = liveSessions;
        this.cap = redis == null ? SocketCap.local(maxPerAccount) : SocketCap.redis(redis, liveness, maxPerAccount);
        this.broadcast = broadcast;
        this.nodeId = nodeId;
        this.idPrefix = liveness == null ? nodeId : liveness.instance();
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Threads.daemon("parley-socket-sweep"));
        sweeper.scheduleWithFixedDelay(this::sweep, sweepEvery.toMillis(), sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This node's id for a socket: unique in the cluster, and naming the node's instance first. */
    String idFor(String sessionId) {
        return idPrefix + "/" + sessionId;
    }

    /** This node's time, for {@link #add(StreamSession, Instant)}: read when an upgrade starts checking its credential. */
    Instant now() {
        return clock.instant();
    }

    /** Registers a socket whose credential was checked at an unknown time: every remembered revocation may have raced it. */
    boolean add(StreamSession s) {
        return add(s, Instant.MIN);
    }

    /**
     * Registers an open socket; false (and closed with 4401) if a revocation already matched it.
     * Only a revocation remembered after {@code checkedFrom} (when its upgrade began checking the
     * credential) can have raced it: one before had already dropped the caches and made the store
     * refuse, so a credential that passed since was issued or reinstated after it (a reactivated
     * user's new token), and closing it would tell the client to sign in again for a minute.
     * The oldest sockets of its account past the cap close with 4429, here or on their node (in a
     * cluster a few seconds later: {@link SocketCap#settle}).
     */
    boolean add(StreamSession s, Instant checkedFrom) {
        // In the map before the check: a revocation racing this one either finds the socket there
        // or is already in the remembered list.
        open.put(s.id, s);
        if (revokedRecently(s, checkedFrom)) {
            open.remove(s.id);
            s.end(REVOKED, "access revoked");
            return false;
        }
        s.expiresAt.ifPresent(at -> sweeper.schedule(() -> {
            if (open.get(s.id) == s) {
                s.end(TOKEN_EXPIRED, "token expired");
            }
        }, Math.max(0, Duration.between(clock.instant(), at).toMillis()), TimeUnit.MILLISECONDS));
        closeOverCap(cap.opened(s.personId, s.id, clock.millis()));
        if (!cap.settle().isZero()) {
            sweeper.schedule(() -> closeOverCap(cap.over(s.personId)), cap.settle().toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Closes these sockets, here or on their node, with 4429. */
    private void closeOverCap(List<String> over) {
        if (!over.isEmpty()) {
            closeHere(over, OVER_CAP);
            broadcast.publish(new Broadcast.CloseSockets(nodeId, over, OVER_CAP));
        }
    }

    void remove(StreamSession s) {
        if (open.remove(s.id) != null) {
            cap.closed(s.personId, s.id);
        }
    }

    StreamSession get(String id) {
        return open.get(id);
    }

    Collection<StreamSession> all() {
        return open.values();
    }

    int size() {
        return open.size();
    }

    /** Closes, with 4401, every socket here the revocation matches, and remembers it for sockets still opening. */
    void revoke(Broadcast.AccessRevoked r) {
        synchronized (recent) {
            Instant now = clock.instant();
            recent.addLast(new Remembered(r, now));
            while (!recent.isEmpty() && recent.peekFirst().at().isBefore(now.minus(REMEMBER))) {
                recent.pollFirst();
            }
        }
        open.values().stream().filter(matches(r)).forEach(s -> s.end(REVOKED, "access revoked"));
    }

    private boolean revokedRecently(StreamSession s, Instant checkedFrom) {
        synchronized (recent) {
            return recent.stream().anyMatch(m -> !m.at().isBefore(checkedFrom) && matches(m.revocation()).test(s));
        }
    }

    static Predicate<StreamSession> matches(Broadcast.AccessRevoked r) {
        if (r.tokenHash() != null) {
            return s -> r.tokenHash().equals(s.tokenHash);
        }
        if (r.issuedBeforeMillis() != null) {
            Instant before = Instant.ofEpochMilli(r.issuedBeforeMillis());
            return s -> s.personId.equals(r.accountId()) && s.issuedAt.isBefore(before);
        }
        return s -> s.personId.equals(r.accountId());
    }

    /** Socket signals from other nodes: sockets over a cap, and a resync after a lost link. */
    public void heard(Broadcast.Signal signal) {
        if (signal instanceof Broadcast.CloseSockets c) {
            closeHere(c.socketIds(), c.code());
        } else if (signal instanceof Broadcast.Resync) {
            sweeper.execute(this::sweep); // revocations may have been missed while the link was down
        } else if (signal instanceof Broadcast.AppsChanged) {
            sweepSoon(); // an app's secret rotated without grace, or the app revoked, elsewhere
        }
    }

    /** Checks every socket's credential now (an app changed here), besides the sweep's own pace. */
    public void sweepSoon() {
        sweeper.execute(this::sweep);
    }

    private void closeHere(List<String> ids, int code) {
        for (String id : ids) {
            StreamSession s = open.get(id);
            if (s != null) {
                s.end(code, code == OVER_CAP ? "too many sockets for this account" : "closed");
            }
        }
    }

    /** Closes sockets whose session no longer exists in the store, whoever ended it. */
    void sweep() {
        try {
            // An app's JWT has no row to look for: its expiry, revoke-before and deactivation end its
            // sockets instead. An app's secret acting for a user is asked about (does the secret still work?).
            List<StreamSession> people = open.values().stream()
                    .filter(s -> !s.bot && !s.revoked && !s.tokenHash.startsWith(Principal.JWT)).toList();
            for (int i = 0; i < people.size(); i += 500) {
                List<StreamSession> chunk = people.subList(i, Math.min(people.size(), i + 500));
                Set<String> live = liveSessions.apply(chunk.stream().map(s -> s.tokenHash).collect(Collectors.toSet()));
                chunk.stream().filter(s -> !live.contains(s.tokenHash)).forEach(s -> {
                    // HTTP stops honouring the token when its cache entry expires (30 s at most).
                    s.end(REVOKED, "access revoked");
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("socket sweep failed; trying again at the next one", e);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
