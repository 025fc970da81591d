package dev.parley.message;

import dev.parley.account.AccountStore;
import dev.parley.config.Durations;
import dev.parley.config.RuleProfile;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.Member;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.media.Attachments;
import dev.parley.policy.Policy;
import dev.parley.safety.RateLimits;
import dev.parley.store.Database;
import dev.parley.store.GroupCommit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jdbi.v3.core.Handle;

/**
 * Sending, history, edit, unsend and reactions.
 *
 * @implNote The write path: the send's checks run first, on a reader or from memory
 * ({@link SendCheck}); a send that passes joins the next group commit ({@link GroupCommit}), whose
 * {@link MessageWriter} takes the conversation's next seq (so seqs have no gaps), inserts the
 * message and appends one event per member; only after commit is the sender answered and the
 * events pushed. A retry with the same client_id finds the first message instead of making a
 * second; two identical sends racing on two PostgreSQL nodes meet at the unique key and the loser
 * answers the winner's.
 */
public final class MessageService {
    public static final int MAX_TEXT = 10_000;

    private final Database db;
    private final Transactions tx;
    private final MessageStore store;
    private final ConversationStore conversationStore;
    private final ConversationService conversations;
    private final Policy policy;
    private final RateLimits limits;
    private final Clock clock;
    private final MessageViews views;
    private final SendCheck check;
    private final SendScreen screen;
    private final GroupCommit<SendPlan, Sent> writer;

    /**
     * Starts the group-commit writer.
     *
     * @param guard         the business rules a send must pass
     * @param screen        shadow bans and the node's filters, which every send and edit passes
     * @param maxBatch      the most sends one transaction writes
     * @param maxWaitMicros how long the writer waits for more sends before it commits a batch
     */
    public MessageService(Database db, Transactions tx, MessageStore store, MessageViews views,
                          ConversationStore conversationStore, ConversationService conversations,
                          AccountStore accounts, Policy policy, RateLimits limits, SendGuard guard, SendScreen screen,
                          Clock clock,
                          int maxBatch, long maxWaitMicros) {
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.views = views;
        this.conversationStore = conversationStore;
        this.conversations = conversations;
        this.policy = policy;
        this.limits = limits;
        this.clock = clock;
        this.screen = screen;
        this.check = new SendCheck(db, store, views, conversationStore, accounts, policy, guard, screen, clock,
                conversations::clearedUpTo);
        this.writer = new GroupCommit<>("parley-group-commit", db,
                new MessageWriter(db.dialect(), tx, conversations, conversationStore, store, views, clock),
                maxBatch, maxWaitMicros);
    }

    /** Stops the group-commit writer once what is queued is written. */
    public void close() {
        writer.close();
    }

    /** How the group commit has batched sends so far. */
    public GroupCommit.Stats writeStats() {
        return writer.stats();
    }

    /**
     * @param created  false when this was a retry of a message already stored
     * @param rendered the message's JSON in the sender's log when this send made it (else null), for the acknowledgement
     */
    public record Sent(MessageView message, boolean created, String rendered) {
        public Sent(MessageView message, boolean created) {
            this(message, created, null);
        }
    }

    /**
     * @param senderId the account the message is from (a person, or a business)
     * @param agentId  the person who wrote it for a business, else null
     */
    public Sent send(String senderId, String agentId, String conversationId, String clientId, String text, String replyTo) {
        return send(senderId, agentId, AuthorKind.personOrAgent(agentId), conversationId, clientId, text, replyTo);
    }

    /** @param authorKind who wrote it: a person, an agent, an automatic reply or a bot */
    public Sent send(String senderId, String agentId, AuthorKind authorKind, String conversationId, String clientId,
                     String text, String replyTo) {
        try {
            return sendAsync(senderId, agentId, authorKind, conversationId, clientId, text, replyTo).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Checks the send now and queues it for the next group commit; completes once the message is
     * committed (or fails with the problem to answer). Checks that fail throw at once.
     */
    public CompletableFuture<Sent> sendAsync(String senderId, String agentId, AuthorKind authorKind, String conversationId,
                                             String clientId, String text, String replyTo) {
        return sendAsync(senderId, agentId, authorKind, conversationId, clientId, text, replyTo, List.of());
    }

    /** @param attachments upload ids (at most ten) sent with it; {@code text} may then be empty */
    public Sent send(String senderId, String agentId, AuthorKind authorKind, String conversationId, String clientId,
                     String text, String replyTo, List<String> attachments) {
        try {
            return sendAsync(senderId, agentId, authorKind, conversationId, clientId, text, replyTo, attachments).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** @param attachments upload ids (at most ten) sent with it; {@code text} may then be empty */
    public CompletableFuture<Sent> sendAsync(String senderId, String agentId, AuthorKind authorKind, String conversationId,
                                             String clientId, String text, String replyTo, List<String> attachments) {
        String cid = MessageInput.validClientId(clientId);
        List<String> files = Attachments.validIds(attachments);
        String body = files.isEmpty() ? MessageInput.validText(text) : MessageInput.validCaption(text);
        limits.send(senderId);
        SendCheck.Result checked = check.check(
                new SendCheck.Request(senderId, agentId, authorKind, conversationId, cid, body, replyTo, files));
        if (checked instanceof SendCheck.Refused refused) {
            throw refused.problem();
        }
        if (checked instanceof SendCheck.Retry retry) {
            return CompletableFuture.completedFuture(retry.sent());
        }
        SendPlan plan = ((SendCheck.Ready) checked).plan();
        if (!plan.requested().isEmpty()) {
            limits.requestText(senderId, body); // the same text sent as requests to many people
        }
        return writer.submit(plan).thenApply(sent -> {
            if (sent.created() && sent.message() != null) {
                plan.screened().sent(sent.message().id()); // a filter's flag opens its report now
            }
            return sent;
        }).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            if (!db.dialect().isUniqueViolation(cause)) {
                return CompletableFuture.failedFuture(cause);
            }
            // The same client_id committed concurrently on another node: answer with that message.
            return db.read(h -> check.retried(h, conversationId, senderId, cid, body))
                    .map(CompletableFuture::completedFuture)
                    .orElseGet(() -> CompletableFuture.failedFuture(cause));
        });
    }

    public record History(List<MessageView> items, boolean hasMore) {}

    /** Messages before or after a seq (ascending); neither: the newest. */
    public History history(String viewerId, String conversationId, Optional<Long> before, Optional<Long> after, int limit) {
        if (before.isPresent() && after.isPresent()) {
            throw ApiException.badRequest("Give 'before' or 'after', not both.");
        }
        return db.read(h -> {
            conversations.requireMember(h, conversationId, viewerId);
            long cleared = conversations.clearedUpTo(h, conversationId, viewerId); // "delete for me"
            List<Message> rows;
            boolean more;
            if (after.isPresent()) {
                rows = store.after(h, conversationId, Math.max(after.get(), cleared), limit + 1);
                more = rows.size() > limit;
                rows = more ? rows.subList(0, limit) : rows;
            } else {
                long from = before.orElse(Long.MAX_VALUE);
                rows = store.before(h, conversationId, from, limit + 1);
                more = rows.size() > limit;
                rows = more ? rows.subList(1, rows.size()) : rows;
                if (rows.stream().anyMatch(m -> m.seq() <= cleared)) {
                    rows = rows.stream().filter(m -> m.seq() > cleared).toList();
                    more = false;
                }
            }
            rows = views.visibleTo(h, conversationId, rows, viewerId); // another's shadowed messages are not there
            return new History(views.renderAll(h, conversationId, rows, viewerId), more);
        });
    }

    public MessageView get(String viewerId, String messageId) {
        return db.read(h -> {
            Message m = requireVisible(h, messageId, viewerId);
            return views.render(h, m, viewerId);
        });
    }

    /** The sender edits the text within the profile's edit window. */
    public MessageView edit(String actorId, String messageId, String text) {
        String body = MessageInput.validText(text);
        RuleProfile rules = policy.rules();
        SendScreen.Verdict[] screened = {SendScreen.Verdict.DELIVER};
        MessageView edited = change(actorId, messageId, EventTypes.MESSAGE_EDITED, (h, m, now) -> {
            if (now.isAfter(m.createdAt().plus(rules.editWindow()))) {
                throw ApiException.forbidden("edit_window_closed", "Messages can be edited for "
                        + Durations.spoken(rules.editWindow()) + " after sending.");
            }
            check.changing(h, m, body);
            screened[0] = screen.screen(m.senderId(), m.agentId(), m.automated(), body);
            if (screened[0].shadowed()) {
                // From now on only its sender sees it; the others' copies get no edit.
                views.shadowed().markAll(h, List.of(m));
            }
            store.edit(h, m, body, now);
        });
        screened[0].sent(edited.id());
        return edited;
    }

    /**
     * Unsend for everyone: the text goes, a tombstone keeps the message's place; its attachments
     * go with it (their rows in the transaction, their files and thumbnails once it committed).
     */
    public MessageView unsend(String actorId, String messageId) {
        List<String> files = new java.util.ArrayList<>();
        MessageView view = change(actorId, messageId, EventTypes.MESSAGE_DELETED, (h, m, now) -> {
            Optional<Duration> window = policy.rules().unsendWindow();
            if (window.isPresent() && now.isAfter(m.createdAt().plus(window.get()))) {
                throw ApiException.forbidden("unsend_window_closed", "Messages can be unsent for "
                        + Durations.spoken(window.get()) + " after sending.");
            }
            check.changing(h, m, null);
            store.unsend(h, m);
            files.addAll(views.attachments().detach(h, m.conversationId(), m.seq()));
        });
        views.attachments().deleteFiles(files);
        return view;
    }

    /**
     * A moderator removes a message for everyone, as an unsend that needs neither the sender nor
     * the unsend window; members hear {@code message.deleted}, and every view of it says
     * {@code removed_by: moderation}. Its attachments go as with an unsend. Answers the message as it was.
     */
    public Message removeByModeration(String messageId) {
        MessageIds.Key key = MessageIds.parse(messageId).orElseThrow(() -> ApiException.notFound("message"));
        List<String> files = new java.util.ArrayList<>();
        Message removed = tx.run(t -> {
            Handle h = t.handle();
            Message m = store.get(h, key.conversationId(), key.seq()).orElseThrow(() -> ApiException.notFound("message"));
            if (!m.deleted()) {
                store.removeByModeration(h, m.conversationId(), m.seq(), clock.instant());
                files.addAll(views.attachments().detach(h, m.conversationId(), m.seq()));
                Message updated = store.get(h, m.conversationId(), m.seq()).orElseThrow();
                t.append(audience(h, m), EventTypes.MESSAGE_DELETED, m.conversationId(), m.seq(),
                        clock.instant(), v -> Json.write(Map.of("message", views.render(h, updated, v))));
            }
            return m;
        });
        views.attachments().deleteFiles(files);
        return removed;
    }

    /**
     * Retention deletes these messages for everyone, the way an unsend does but asked by no one:
     * the text goes (and with it the search entry), members hear {@code message.deleted}, the
     * attachments' rows go in the transaction and their files after it. Messages already deleted
     * are skipped, so a batch repeated after a crash does nothing twice. Answers how many went.
     */
    public int expire(List<MessageIds.Key> keys) {
        List<String> files = new java.util.ArrayList<>();
        int gone = tx.run(t -> {
            Handle h = t.handle();
            Instant now = clock.instant();
            Map<String, List<String>> membersOf = new java.util.HashMap<>();
            int n = 0;
            for (MessageIds.Key k : keys) {
                Optional<Message> m = store.get(h, k.conversationId(), k.seq());
                if (m.isEmpty() || m.get().deleted()) {
                    continue;
                }
                store.unsend(h, k.conversationId(), k.seq());
                files.addAll(views.attachments().detach(h, k.conversationId(), k.seq()));
                Message deleted = store.get(h, k.conversationId(), k.seq()).orElseThrow();
                t.append(membersOf.computeIfAbsent(k.conversationId(), c -> visibleMembers(h, c)),
                        EventTypes.MESSAGE_DELETED, k.conversationId(), k.seq(), now,
                        v -> Json.write(Map.of("message", views.render(h, deleted, v))));
                n++;
            }
            return n;
        });
        views.attachments().deleteFiles(files);
        return gone;
    }

    private interface Change {
        void apply(Handle h, Message m, Instant now);
    }

    private MessageView change(String actorId, String messageId, String eventType, Change change) {
        return tx.run(t -> {
            Handle h = t.handle();
            Message m = requireVisible(h, messageId, actorId);
            if (!m.senderId().equals(actorId) || m.authorKind() == AuthorKind.SYSTEM) { // "Ann added Bob" is no one's words
                throw ApiException.forbidden("forbidden", "Only the sender can change a message, and no one a system line.");
            }
            if (m.deleted()) {
                throw ApiException.conflict("This message was unsent.");
            }
            Instant now = clock.instant();
            change.apply(h, m, now);
            Message updated = store.get(h, m.conversationId(), m.seq()).orElseThrow();
            List<String> recipients = audience(h, m);
            t.append(recipients, eventType, m.conversationId(), m.seq(), now,
                    v -> Json.write(Map.of("message", views.render(h, updated, v))));
            return views.render(h, updated, actorId);
        });
    }

    /** Adds or removes one reaction of the caller; members hear the new count. */
    public MessageView react(String actorId, String messageId, String emoji, boolean add) {
        String e = MessageInput.validEmoji(emoji);
        return tx.run(t -> {
            Handle h = t.handle();
            Message m = requireVisible(h, messageId, actorId);
            if (m.deleted() || m.authorKind() == AuthorKind.SYSTEM) {
                throw ApiException.conflict(m.deleted() ? "This message was unsent." : "A system line takes no reactions.");
            }
            check.reacting(h, m, actorId, add); // a block refuses a new reaction as it refuses a send
            ReactionCap.check(h, db.dialect(), store, m, actorId, e, add);
            Instant now = clock.instant();
            boolean changed = add
                    ? store.addReaction(h, m.conversationId(), m.seq(), actorId, e, now)
                    : store.removeReaction(h, m.conversationId(), m.seq(), actorId, e);
            if (changed) {
                ReactionNews.tell(t, store, audience(h, m), m, actorId, e, add, now);
            }
            return views.render(h, m, actorId);
        });
    }

    /** Who reacted to a message, by emoji in the order first used; a stranger gets the unknown message's 404. */
    public Map<String, List<String>> reactors(String viewerId, String messageId) {
        return db.read(h -> {
            Message m = requireVisible(h, messageId, viewerId);
            return m.deleted() ? Map.of() : store.reactors(h, m.conversationId(), m.seq());
        });
    }

    private List<String> visibleMembers(Handle h, String conversationId) {
        return conversationStore.members(h, conversationId).stream().filter(Member::sees).map(Member::accountId).toList();
    }

    /** Who hears of a change to the message: its sender alone when it is shadowed, else every member who sees. */
    private List<String> audience(Handle h, Message m) {
        return ReactionNews.audience(h, conversationStore, views.shadowed(), m, null);
    }

    private Message requireVisible(Handle h, String messageId, String viewerId) {
        MessageIds.Key key = MessageIds.parse(messageId).orElseThrow(() -> ApiException.notFound("message"));
        conversationStore.member(h, key.conversationId(), viewerId).filter(Member::sees)
                .orElseThrow(() -> ApiException.notFound("message"));
        if (key.seq() <= conversations.clearedUpTo(h, key.conversationId(), viewerId)) {
            // Deleted for the viewer (or before their view of a group began): gone for them alone, by id too.
            throw ApiException.notFound("message");
        }
        Message m = store.get(h, key.conversationId(), key.seq()).orElseThrow(() -> ApiException.notFound("message"));
        if (views.visibleTo(h, m.conversationId(), List.of(m), viewerId).isEmpty()) {
            throw ApiException.notFound("message"); // another's shadowed message: as if there were none
        }
        return m;
    }
}
