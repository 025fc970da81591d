package dev.parley.delivery;

import dev.parley.config.Keys;
import dev.parley.config.Settings;
import dev.parley.lifecycle.Lifecycle;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;

/**
 * Who may keep a socket open, wired before the accounts that revoke access: the node's sockets by
 * credential (with the per-account cap) and the one revocation path every ending of access takes.
 *
 * @param sockets     the open sockets, their credentials and the cap
 * @param revocations ends access here and on every other node
 */
public record SocketControl(Sockets sockets, Revocations revocations) {
    /** How often the sockets' sessions are checked against the store (what no signal carried). */
    static final Duration SWEEP = Duration.ofSeconds(10);

    /** @param liveSessions which of these session hashes still exist in the store */
    public static SocketControl build(Fanout fanout, Settings settings, String nodeId, Clock clock,
                                      Function<Collection<String>, Set<String>> liveSessions, Lifecycle life) {
        Sockets sockets = life.own("socket registry", new Sockets(liveSessions, fanout.broadcast(), nodeId, clock,
                settings.get(Keys.STREAM_MAX_SOCKETS_PER_ACCOUNT), fanout.redis().orElse(null),
                fanout.liveness().orElse(null), SWEEP));
        Revocations revocations = new Revocations(sockets, fanout.broadcast(), nodeId);
        // Revocations other nodes publish reach revocations.heard through ClusterSignals, after the token cache.
        fanout.broadcast().subscribe(sockets::heard);
        return new SocketControl(sockets, revocations);
    }
}
