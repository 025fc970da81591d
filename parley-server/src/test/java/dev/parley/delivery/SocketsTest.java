package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The socket registry without a server: which sockets a revocation closes, when an expiring token's
 * socket closes, and which socket the cap pushes out. Sessions do not expire today, so 4440 is
 * tested here, for the app tokens that will.
 */
@Tag("store-free")
class SocketsTest {
    private final LocalBroadcast bus = new LocalBroadcast();
    private final Sockets sockets = new Sockets(null, bus.forNode("n1"), "n1", Clock.systemUTC(), 2, null, null,
            Duration.ofHours(1));

    @AfterEach
    void close() {
        sockets.close();
    }

    /** A far end that remembers how it was closed. */
    private static final class FakePeer implements StreamSession.Peer {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public void send(String frame) {}

        @Override
        public void close(int code, String reason) {
            closed.complete(code);
        }

        int code() throws Exception {
            return closed.get(2, TimeUnit.SECONDS);
        }
    }

    private record Open(StreamSession session, FakePeer peer) {}

    private int n;

    private Open open(String person, String tokenHash, Instant issuedAt, Optional<Instant> expiresAt) {
        FakePeer peer = new FakePeer();
        StreamSession s = new StreamSession(peer, sockets.idFor("s" + ++n), person, person, false, tokenHash, issuedAt,
                expiresAt);
        sockets.add(s);
        return new Open(s, peer);
    }

    private Open open(String person, String tokenHash, Instant issuedAt) {
        return open(person, tokenHash, issuedAt, Optional.empty());
    }

    @Test
    void theSweepClosesSocketsWhoseSessionIsGoneButLeavesAppJwtSocketsToTheirExpiry() throws Exception {
        try (Sockets swept = new Sockets(hashes -> java.util.Set.of(), bus.forNode("n2"), "n2", Clock.systemUTC(), 5,
                null, null, Duration.ofHours(1))) {
            FakePeer sessionPeer = new FakePeer();
            FakePeer jwtPeer = new FakePeer();
            swept.add(new StreamSession(sessionPeer, swept.idFor("s-row"), "a-1", "a-1", false, "h-gone", Instant.EPOCH,
                    Optional.empty()));
            swept.add(new StreamSession(jwtPeer, swept.idFor("s-jwt"), "a-2", "a-2", false,
                    dev.parley.http.Principal.JWT + "abc", Instant.EPOCH, Optional.of(Instant.now().plusSeconds(600))));
            swept.sweep();
            assertThat(sessionPeer.code()).isEqualTo(4401);
            assertThat(jwtPeer.closed).isNotDone(); // no session row to find: its exp and revoke-before end it
        }
    }

    @Test
    void aSocketWhoseTokenExpiresClosesWith4440ThenAndNotBefore() throws Exception {
        Open expiring = open("a-1", "h1", Instant.EPOCH, Optional.of(Instant.now().plusMillis(300)));
        Open lasting = open("a-2", "h2", Instant.EPOCH);
        assertThat(expiring.peer().closed).isNotDone();
        assertThat(expiring.peer().code()).isEqualTo(4440);
        assertThat(expiring.session().revoked).isTrue();
        assertThat(lasting.peer().closed).isNotDone();
    }

    @Test
    void revokingATokenClosesOnlyTheSocketsOpenedWithIt() throws Exception {
        Open phone = open("a-1", "h1", Instant.EPOCH);
        Open laptop = open("a-1", "h2", Instant.EPOCH);
        sockets.revoke(new Broadcast.AccessRevoked("n1", "h1", null, null));
        assertThat(phone.peer().code()).isEqualTo(4401);
        assertThat(phone.session().revoked).isTrue();
        assertThat(laptop.peer().closed).isNotDone();
    }

    @Test
    void revokingTokensIssuedBeforeAMomentSparesNewerOnesAndOtherAccounts() throws Exception {
        Instant t = Instant.parse("2026-12-03T01:00:00Z");
        Open old = open("a-1", "h1", t.minusSeconds(60));
        Open fresh = open("a-1", "h2", t.plusSeconds(1));
        Open someoneElse = open("a-2", "h3", t.minusSeconds(60));
        sockets.revoke(new Broadcast.AccessRevoked("n1", null, "a-1", t.toEpochMilli()));
        assertThat(old.peer().code()).isEqualTo(4401);
        assertThat(fresh.peer().closed).isNotDone();
        assertThat(someoneElse.peer().closed).isNotDone();

        sockets.revoke(new Broadcast.AccessRevoked("n1", null, "a-1", null));
        assertThat(fresh.peer().code()).isEqualTo(4401);
        assertThat(someoneElse.peer().closed).isNotDone();
    }

    @Test
    void aSocketStillOpeningWhenItsTokenWasRevokedClosesAsItRegisters() throws Exception {
        sockets.revoke(new Broadcast.AccessRevoked("n1", "h9", null, null));
        Open late = open("a-1", "h9", Instant.EPOCH);
        assertThat(late.peer().code()).isEqualTo(4401);
        assertThat(sockets.all()).doesNotContain(late.session());
    }

    @Test
    void aRememberedAccountRevocationSparesASocketWhoseCredentialWasCheckedAfterIt() throws Exception {
        sockets.revoke(new Broadcast.AccessRevoked("n1", null, "a-7", null)); // a deactivation, say
        Thread.sleep(2);
        FakePeer racing = new FakePeer();
        FakePeer after = new FakePeer();
        Instant checkedBefore = Instant.now().minusSeconds(1);
        sockets.add(new StreamSession(racing, sockets.idFor("r1"), "a-7", "a-7", false, "h1", Instant.EPOCH,
                Optional.empty()), checkedBefore);
        sockets.add(new StreamSession(after, sockets.idFor("r2"), "a-7", "a-7", false, "h2", Instant.EPOCH,
                Optional.empty()), sockets.now());
        assertThat(racing.code()).isEqualTo(4401);
        assertThat(after.closed).as("reactivated since: its new token was checked after the revocation").isNotDone();
    }

    @Test
    void overTheCapTheOldestClosesWith4429() throws Exception {
        Open first = open("a-1", "h1", Instant.EPOCH);
        Thread.sleep(2);
        Open second = open("a-1", "h1", Instant.EPOCH);
        Thread.sleep(2);
        Open third = open("a-1", "h1", Instant.EPOCH);
        assertThat(first.peer().code()).isEqualTo(4429);
        assertThat(List.of(second.peer().closed, third.peer().closed)).noneMatch(CompletableFuture::isDone);
    }
}
