package dev.parley.delivery;

import dev.parley.account.AccountService;
import dev.parley.account.GraphService;

/**
 * What nodes tell each other besides new events: a revoked token, changed blocks or a removed
 * agent must stop working on every node at once, and after a lost link every cache of them is
 * suspect. This node's changes are published through the methods below; the others' are heard
 * by {@link #listen}.
 */
public final class ClusterSignals {
    private final Broadcast broadcast;
    private final String nodeId;

    public ClusterSignals(Broadcast broadcast, String nodeId) {
        this.broadcast = broadcast;
        this.nodeId = nodeId;
    }

    /** An account's blocks changed here: other nodes drop their cached blocks of it. */
    public void blocksChanged(String accountId) {
        broadcast.publish(new Broadcast.BlocksChanged(nodeId, accountId));
    }

    /** An app changed here (rotated, revoked, revoke-before): other nodes drop their cached app credentials. */
    public void appsChanged() {
        broadcast.publish(new Broadcast.AppsChanged(nodeId));
    }

    /** Calls {@code forget} when another node (or the CLI) changed an app, or when signals may have been lost. */
    public void onAppsChanged(Runnable forget) {
        broadcast.subscribe(signal -> {
            if (signal instanceof Broadcast.AppsChanged || signal instanceof Broadcast.Resync) {
                forget.run();
            }
        });
    }

    /** An agent left a business: their streams acting for it close here and on the other nodes. */
    public void agentRemoved(StreamRoutes stream, String businessId, String personId) {
        stream.closeActing(personId, businessId);
        broadcast.publish(new Broadcast.Unseated(nodeId, businessId, personId));
    }

    /**
     * Acts on what the other nodes publish. A revocation drops the cached tokens first, then closes
     * the sockets: once a socket has closed with 4401, HTTP on this node refuses the token too.
     */
    public void listen(AccountService accounts, GraphService graph, StreamRoutes stream, Revocations revocations) {
        broadcast.subscribe(signal -> {
            if (signal instanceof Broadcast.AccessRevoked r) {
                if (r.tokenHash() != null) {
                    accounts.forgetToken(r.tokenHash());
                } else if (r.accountId() != null) {
                    accounts.forgetTokensOf(r.accountId());
                }
                revocations.heard(r);
            } else if (signal instanceof Broadcast.BlocksChanged b) {
                if (b.accountId() != null) {
                    graph.forgetBlocks(b.accountId());
                }
            } else if (signal instanceof Broadcast.Unseated u) {
                stream.closeActing(u.personId(), u.businessId());
            } else if (signal instanceof Broadcast.Resync) {
                accounts.forgetAllTokens();
                graph.forgetAllBlocks();
            }
        });
    }
}
