package dev.parley.delivery;

import dev.parley.account.Revoker;
import java.time.Instant;

/**
 * Ends access on every node: applied here before the call returns (so a frame that arrives after
 * a sign-out answered is already dropped), and published for the other nodes, which apply it as
 * they hear it. Applying drops the cached tokens it covers and closes the matching sockets with
 * 4401. The store is not touched: whoever revokes has already made the store refuse the token,
 * and this node's token cache is the caller's to drop (AccountService does); other nodes drop
 * theirs in {@link ClusterSignals}.
 */
public final class Revocations implements Revoker {
    private final Sockets sockets;
    private final Broadcast broadcast;
    private final String nodeId;

    public Revocations(Sockets sockets, Broadcast broadcast, String nodeId) {
        this.sockets = sockets;
        this.broadcast = broadcast;
        this.nodeId = nodeId;
    }

    @Override
    public void revokeToken(String tokenHash) {
        everywhere(new Broadcast.AccessRevoked(nodeId, tokenHash, null, null));
    }

    @Override
    public void revokeAccount(String accountId) {
        everywhere(new Broadcast.AccessRevoked(nodeId, null, accountId, null));
    }

    @Override
    public void revokeIssuedBefore(String accountId, Instant before) {
        everywhere(new Broadcast.AccessRevoked(nodeId, null, accountId, before.toEpochMilli()));
    }

    private void everywhere(Broadcast.AccessRevoked r) {
        apply(r);
        broadcast.publish(r);
    }

    /** A revocation from another node (or the admin command, through Redis). */
    public void heard(Broadcast.Signal signal) {
        if (signal instanceof Broadcast.AccessRevoked r) {
            apply(r);
        }
    }

    private void apply(Broadcast.AccessRevoked r) {
        sockets.revoke(r);
    }
}
