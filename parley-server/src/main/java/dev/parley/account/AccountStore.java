package dev.parley.account;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Accounts, sessions and the social graph. Methods that take a {@link Handle} join the caller's
 * transaction; the rest run on their own.
 */
public interface AccountStore {
    void insert(Handle h, Account a, String passwordHash);

    Optional<Account> byId(String id);

    /**
     * The account with this handle in one network: an app's id, or {@link Account#OWN_NETWORK} for
     * the node's password accounts. Handles are unique per network only.
     */
    Optional<Account> byHandle(String network, String handle);

    /** Whether the account was erased: a tombstone, to others as if it never existed. */
    boolean erased(String id);

    /** {@link #erased}, asked only of a suspended account: every tombstone is, so others pay nothing for the look. */
    default boolean isTombstone(Account a) {
        return a.suspended() && erased(a.id());
    }

    List<Account> byIds(java.util.Collection<String> ids);

    Optional<String> passwordHash(String accountId);

    void updateProfile(String id, String displayName, Optional<String> preferredName);

    void updateSettings(String id, String dmPolicy, boolean readReceipts, List<String> hiddenWords);

    void setAdmin(String id, boolean admin);

    void setSuspended(String id, boolean suspended);

    /** When a suspension for a time ends; empty for none or for ever. */
    Optional<java.time.Instant> suspendedUntil(String id);

    void insertSession(String tokenHash, String accountId);

    Optional<String> sessionAccount(String tokenHash);

    /** A session that ends by itself at {@code expiresAt} (a client token minted for an app's user). */
    void insertSession(String tokenHash, String accountId, java.time.Instant expiresAt);

    /** The session's account and, for a minted token, its expiry. */
    Optional<Session> session(String tokenHash);

    /** Deletes the account's sessions made before {@code before}; answers their hashes. */
    List<String> deleteSessionsBefore(String accountId, java.time.Instant before);

    record Session(String accountId, Optional<java.time.Instant> expiresAt) {}

    void deleteSession(String tokenHash);

    List<String> deleteSessionsOf(String accountId);

    /** Deletes the account's sessions but {@code keepHash}; answers the deleted tokens' hashes. */
    List<String> deleteSessionsOfExcept(String accountId, String keepHash);

    /** When the session was issued; empty when it no longer exists. */
    Optional<java.time.Instant> sessionIssuedAt(String tokenHash);

    /** Which of these token hashes still have a session. */
    java.util.Set<String> liveSessions(Collection<String> tokenHashes);

    void setPasswordHash(String accountId, String passwordHash);

    /** @return false if the edge was already there (for follow/like/block). */
    boolean addEdge(Edge edge, String from, String to);

    boolean removeEdge(Edge edge, String from, String to);

    boolean hasEdge(Edge edge, String from, String to);

    long countInbound(Edge edge, String to);

    /** Adds edges in the caller's transaction; an edge already there stays as it is. */
    void addEdges(Handle h, Edge edge, List<Pair> pairs);

    /** Removes edges in the caller's transaction; a missing one is no error. */
    void removeEdges(Handle h, Edge edge, List<Pair> pairs);

    /** One edge, from one account to another. */
    record Pair(String from, String to) {}

    /** Accounts pointing at {@code to}. */
    List<String> inbound(Edge edge, String to);

    /** Accounts {@code from} points at, after {@code afterId}, by id. */
    List<String> outbound(Edge edge, String from, String afterId, int limit);

    /** The three kinds of edge in the graph; each is a table (from, to). */
    enum Edge {
        FOLLOW("follows", "follower_id", "followee_id"),
        LIKE("likes", "account_id", "business_id"),
        BLOCK("blocks", "blocker_id", "blocked_id");

        final String table;
        final String fromColumn;
        final String toColumn;

        Edge(String table, String fromColumn, String toColumn) {
            this.table = table;
            this.fromColumn = fromColumn;
            this.toColumn = toColumn;
        }
    }
}
