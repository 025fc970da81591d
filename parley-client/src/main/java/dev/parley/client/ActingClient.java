package dev.parley.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.parley.client.Transport.Retry;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an account does in its conversations, whether it is a person ({@link ParleyClient}) or a
 * business an agent works for ({@link BusinessClient}): the same calls, answering as that account.
 *
 * <p>Every method is one HTTP request (sends may be retried, see {@link #send(String, Draft)}),
 * blocks until the answer, and throws {@link ParleyException} when the server refuses, with the
 * problem's {@code code}; {@link java.io.UncheckedIOException} when it cannot be reached.
 * Instances are immutable and safe to share between threads.
 */
public abstract sealed class ActingClient permits ParleyClient, BusinessClient {
    private static final JavaType CONVERSATION = ClientJson.type(Conversation.class);
    private static final JavaType MESSAGE = ClientJson.type(Message.class);
    private static final JavaType PROFILE = ClientJson.type(Profile.class);

    final Transport transport;
    /** {@code /api/v1}, or {@code /api/v1/businesses/{id}} when acting for a business. */
    final String prefix;

    ActingClient(Transport transport, String prefix) {
        this.transport = transport;
        this.prefix = prefix;
    }

    /** The business this client acts for, or null for a person acting as themself. */
    abstract String businessId();

    <T> T call(String method, String path, Object body, JavaType type, Retry retry) {
        return transport.call(method, prefix + path, body, type, retry);
    }

    // ---- conversations

    /** The first page of a folder, newest activity first. */
    public Page<Conversation> conversations(Folder folder) {
        return conversations(folder, 50, null);
    }

    /** @param cursor the previous page's {@link Page#nextCursor()}, or null for the first page */
    public Page<Conversation> conversations(Folder folder, int limit, String cursor) {
        return call("GET", "/conversations" + Query.of().add("folder", folder.wire()).add("limit", limit).add("cursor", cursor),
                null, ClientJson.pageOf(Conversation.class), Retry.SAFE);
    }

    public Conversation conversation(String id) {
        return call("GET", "/conversations/" + Transport.seg(id), null, CONVERSATION, Retry.SAFE);
    }

    /** Renames a group (any member may). */
    public Conversation rename(String id, String title) {
        return call("PATCH", "/conversations/" + Transport.seg(id), Map.of("title", title), CONVERSATION, Retry.SAFE);
    }

    /** Mutes or unmutes a conversation, for the caller only. */
    public Conversation mute(String id, boolean muted) {
        return call("PATCH", "/conversations/" + Transport.seg(id), Map.of("muted", muted), CONVERSATION, Retry.SAFE);
    }

    /** Adds people to a group; the group cap and each person's settings apply. */
    public Conversation addMembers(String id, List<String> accountIds) {
        return call("POST", "/conversations/" + Transport.seg(id) + "/members", Map.of("account_ids", accountIds),
                CONVERSATION, Retry.SAFE);
    }

    /** Removes a member (group admins), or leaves when it is the caller's own id. */
    public void removeMember(String id, String accountId) {
        call("DELETE", "/conversations/" + Transport.seg(id) + "/members/" + Transport.seg(accountId), null, null, Retry.NEVER);
    }

    /**
     * Makes a member one of the group's admins ({@code "admin"}) or an admin a member again
     * ({@code "member"}); admins only, and a group keeps one admin ({@code last_admin}).
     */
    public Conversation setRole(String id, String accountId, String role) {
        return call("PUT", "/conversations/" + Transport.seg(id) + "/members/" + Transport.seg(accountId) + "/role",
                Map.of("role", role), CONVERSATION, Retry.SAFE);
    }

    /** Accepts a message request: it moves to the inbox and the sender may write freely. */
    public Conversation accept(String id) {
        return call("POST", "/conversations/" + Transport.seg(id) + "/accept", null, CONVERSATION, Retry.NEVER);
    }

    /** Declines a message request; the sender is not told. */
    public void decline(String id) {
        call("POST", "/conversations/" + Transport.seg(id) + "/decline", null, null, Retry.NEVER);
    }

    /** Moves the read pointer forward (it never moves back). */
    public ReadState markRead(String id, long seq) {
        return call("POST", "/conversations/" + Transport.seg(id) + "/read", Map.of("seq", seq),
                ClientJson.type(ReadState.class), Retry.SAFE);
    }

    // ---- messages

    /** Sends text with a fresh client id; see {@link #send(String, Draft)}. */
    public Message send(String conversationId, String text) {
        return send(conversationId, Draft.of(text));
    }

    /**
     * Sends a message. If the connection fails the same draft is sent again (the client's retry
     * setting), and the server answers the message it already stored rather than a second one;
     * sending the same draft again later is just as safe.
     *
     * @throws ParleyException e.g. {@code blocked}, {@code request_pending}, {@code rate_limited}
     *                         (see {@link ParleyException#retryAfter()}), {@code conflict} when the
     *                         client id was used for other text
     */
    public Message send(String conversationId, Draft draft) {
        return call("POST", "/conversations/" + Transport.seg(conversationId) + "/messages", draft, MESSAGE, Retry.SAFE);
    }

    // ---- attachments

    /**
     * Uploads a file, streamed from disk, under its own name; attach it with
     * {@link Draft#withAttachments}. The server finds the type from the bytes.
     *
     * @throws ParleyException {@code file_type_not_allowed}, {@code file_too_large}, {@code image_too_large},
     *                         {@code quota_exceeded}
     */
    public Upload upload(java.nio.file.Path file) {
        try {
            return upload(file.getFileName().toString(), java.net.http.HttpRequest.BodyPublishers.ofFile(file));
        } catch (java.io.FileNotFoundException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Uploads what the stream holds (read once, sent as it is read, never whole in memory) under this name. */
    public Upload upload(String name, java.io.InputStream content) {
        return upload(name, java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> content));
    }

    private Upload upload(String name, java.net.http.HttpRequest.BodyPublisher body) {
        return transport.upload(prefix + "/uploads" + Query.of().add("name", name), body, ClientJson.type(Upload.class));
    }

    /**
     * An attachment's bytes through its signed link (no token needed while it is fresh; fetch the
     * message again for a new one). The caller closes the stream.
     */
    public java.io.InputStream open(Attachment attachment) {
        return transport.download(attachment.url(), false);
    }

    /**
     * A file's bytes by its id, with this client's token: its uploader's, or a member's of a
     * conversation it was sent in. The caller closes the stream.
     *
     * @throws ParleyException {@code not_found} for anyone else, as for an unknown id
     */
    public java.io.InputStream openMedia(String uploadId) {
        return transport.download(prefix + "/media/" + Transport.seg(uploadId), true);
    }

    /** Saves an attachment to a file (replacing it). */
    public void download(Attachment attachment, java.nio.file.Path to) {
        try (java.io.InputStream in = open(attachment)) {
            java.nio.file.Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The newest messages, in ascending seq. */
    public History history(String conversationId) {
        return history(conversationId, null, null, 50);
    }

    /** Older messages, before {@code seq}, in ascending seq. */
    public History historyBefore(String conversationId, long seq, int limit) {
        return history(conversationId, seq, null, limit);
    }

    /** Newer messages, after {@code seq}, in ascending seq. */
    public History historyAfter(String conversationId, long seq, int limit) {
        return history(conversationId, null, seq, limit);
    }

    private History history(String conversationId, Long before, Long after, int limit) {
        return call("GET", "/conversations/" + Transport.seg(conversationId) + "/messages"
                        + Query.of().add("before", before).add("after", after).add("limit", limit),
                null, ClientJson.type(History.class), Retry.SAFE);
    }

    public Message message(String id) {
        return call("GET", "/messages/" + Transport.seg(id), null, MESSAGE, Retry.SAFE);
    }

    /** Edits a message the caller sent, within the edit window ({@code edit_window_closed} after). */
    public Message edit(String id, String text) {
        return call("PATCH", "/messages/" + Transport.seg(id), Map.of("text", text), MESSAGE, Retry.SAFE);
    }

    /** Unsends a message for everyone, within the unsend window; a tombstone keeps its place. */
    public Message unsend(String id) {
        return call("DELETE", "/messages/" + Transport.seg(id), null, MESSAGE, Retry.NEVER);
    }

    /** Adds the caller's reaction (one per emoji). */
    public Message react(String id, String emoji) {
        return call("PUT", "/messages/" + Transport.seg(id) + "/reactions/" + Transport.seg(emoji), null, MESSAGE, Retry.SAFE);
    }

    public Message unreact(String id, String emoji) {
        return call("DELETE", "/messages/" + Transport.seg(id) + "/reactions/" + Transport.seg(emoji), null, MESSAGE, Retry.SAFE);
    }

    /** Messages of the caller's conversations holding every word of {@code q} (as word prefixes), newest first. */
    public Page<Message> search(String q) {
        return search(q, null, 50, null);
    }

    /** @param conversationId only this conversation, or null for all */
    public Page<Message> search(String q, String conversationId, int limit, String cursor) {
        return call("GET", "/search/messages" + Query.of().add("q", q).add("conversation_id", conversationId)
                .add("limit", limit).add("cursor", cursor), null, ClientJson.pageOf(Message.class), Retry.SAFE);
    }

    // ---- sync and stream

    /** No events, and the current token in {@link SyncPage#next()}: where "from now" starts. */
    public SyncPage syncFromNow() {
        return call("GET", "/sync", null, ClientJson.type(SyncPage.class), Retry.SAFE);
    }

    /**
     * Up to 200 events after {@code since}, in order.
     *
     * @throws ParleyException {@code sync_reset} (410) when the token is older than the kept
     *                         history: reload conversations, then sync from {@code field("next")}
     */
    public SyncPage sync(String since) {
        return sync(since, 200);
    }

    public SyncPage sync(String since, int limit) {
        Objects.requireNonNull(since, "since");
        return call("GET", "/sync" + Query.of().add("since", since).add("limit", limit), null,
                ClientJson.type(SyncPage.class), Retry.SAFE);
    }

    /**
     * Opens the stream from now. It first asks for the current token, so {@link Stream#lastToken()}
     * is always set and a reconnect from it leaves no gap.
     */
    public Stream stream(StreamListener listener) {
        SyncPage now = transport.call("GET", prefix + "/sync", null, ClientJson.type(SyncPage.class), Retry.SAFE,
                "open the stream");
        return stream(now.next(), listener);
    }

    /** Opens the stream, replaying every event after {@code since} before going live. */
    public Stream stream(String since, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        String business = businessId();
        return Stream.open(transport, from -> "/api/v1/stream" + Query.of().add("since", from).add("business", business),
                since, listener);
    }

    // ---- graph

    /** @param account an account id, a handle or {@code @handle} */
    public Profile follow(String account) {
        return edge("PUT", account, "follow");
    }

    public Profile unfollow(String account) {
        return edge("DELETE", account, "follow");
    }

    /** Likes a business page (422 {@code validation_failed} for a person). */
    public Profile like(String account) {
        return edge("PUT", account, "like");
    }

    public Profile unlike(String account) {
        return edge("DELETE", account, "like");
    }

    /** Blocks an account: no messages, no typing, presence or read state either way; follows end. */
    public Profile block(String account) {
        return edge("PUT", account, "block");
    }

    public Profile unblock(String account) {
        return edge("DELETE", account, "block");
    }

    private Profile edge(String method, String account, String edge) {
        return call(method, "/accounts/" + Transport.seg(account) + "/" + edge, null, PROFILE, Retry.SAFE);
    }
}
