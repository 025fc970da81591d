package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.Redis;
import dev.parley.testing.Eventually;
import dev.parley.testing.MutableClock;
import dev.parley.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Visible sockets counted cluster-wide, as the notification decision asks: a socket is visible
 * from connect until its client hides it, one node sees another's through Redis, and a node that
 * died stops counting once its claim lapses.
 */
@Tag("store-free")
class VisibilityTest {
    private static StreamSession socket(String account) {
        StreamSession.Peer peer = new StreamSession.Peer() {
            @Override
            public void send(String frame) {}

            @Override
            public void close(int code, String reason) {}
        };
        return new StreamSession(peer, "s-" + account + System.nanoTime(), account, account, false, "hash",
                Instant.MIN, Optional.empty());
    }

    @Test
    void aSocketIsVisibleFromConnectUntilHiddenAndCountsUntilItsLastOneIsHidden() {
        try (Visibility v = new Visibility(Optional.empty(), "n1", java.time.Clock.systemUTC())) {
            StreamSession phone = socket("ann");
            StreamSession laptop = socket("ann");
            assertThat(v.anywhere("ann")).isFalse();
            v.connected(phone);
            v.connected(laptop);
            v.set(phone, false);
            v.set(phone, false); // a repeat changes nothing
            assertThat(v.anywhere("ann")).isTrue();
            v.set(laptop, false);
            assertThat(v.anywhere("ann")).isFalse();
            v.set(phone, true);
            assertThat(v.anywhere("ann")).isTrue();
            v.disconnected(phone);
            v.disconnected(laptop);
            assertThat(v.anywhere("ann")).isFalse();
        }
    }

    @Test
    void oneNodeSeesAnothersVisibleSocketsUntilThatNodeDiesAndItsClaimLapses() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (RedisServer server = RedisServer.start(); Redis ra = Redis.connect(server.url());
             Redis rb = Redis.connect(server.url());
             Visibility a = new Visibility(Optional.of(ra), "node-a", clock)) {
            Visibility b = new Visibility(Optional.of(rb), "node-b", clock);
            StreamSession onB = socket("bob");
            b.connected(onB);
            Eventually.await("node A sees bob's socket on B", Duration.ofSeconds(5), () -> a.anywhere("bob"));
            b.set(onB, false);
            Eventually.await("node A sees it hidden", Duration.ofSeconds(5), () -> !a.anywhere("bob"));
            b.set(onB, true);
            Eventually.await("node A sees it shown again", Duration.ofSeconds(5), () -> a.anywhere("bob"));
            // Node B dies without a word (no close): its claim lapses on its own.
            clock.advance(Duration.ofSeconds(31));
            assertThat(a.anywhere("bob")).isFalse();
            b.close();
        }
    }
}
