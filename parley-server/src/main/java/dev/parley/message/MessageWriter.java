package dev.parley.message;

import dev.parley.conversation.ConversationService;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.Member;
import dev.parley.event.Event;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.media.AttachmentView;
import dev.parley.store.Dialect;
import dev.parley.store.GroupCommit;
import dev.parley.store.GroupCommit.Outcome;
import dev.parley.store.Statements;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The writes of a batch of checked sends, inside the group commit's one transaction
 * ({@link GroupCommit}): each send's message, its events, and what the business rules record.
 *
 * @implNote The batch does its work set-wise: one read for retries, each conversation's counter
 * once (locked in id order on PostgreSQL), one insert batch, one read-pointer update per sender
 * and conversation, and the events numbered once per account at the end
 * ({@link Transactions.Tx#finish}), pushed once the transaction has committed. Sends repeating
 * one client_id, in the batch or already stored, make one message. On SQLite the statements stay
 * prepared on the writer's connection ({@link Statements}): with a few sends a batch, as at a
 * steady 1,000 msg/s, preparing them anew was a fifth of the writer's CPU. The SQL lives with
 * each table's owner: {@link MessageStore} and {@link ConversationStore}.
 */
final class MessageWriter implements GroupCommit.Batch<SendPlan, MessageService.Sent> {
    private final Dialect dialect;
    private final Transactions tx;
    private final ConversationService conversations;
    private final ConversationStore conversationStore;
    private final MessageStore store;
    private final MessageViews views;
    private final ShadowedMessages shadowed;
    private final Clock clock;

    MessageWriter(Dialect dialect, Transactions tx, ConversationService conversations,
                  ConversationStore conversationStore, MessageStore store, MessageViews views, Clock clock) {
        this.dialect = dialect;
        this.tx = tx;
        this.conversations = conversations;
        this.conversationStore = conversationStore;
        this.store = store;
        this.views = views;
        this.shadowed = views.shadowed();
        this.clock = clock;
    }

    @Override
    public GroupCommit.Written<MessageService.Sent> write(Handle h, List<SendPlan> batch) {
        Transactions.Tx t = tx.open(h);
        List<Outcome<MessageService.Sent>> out = writeIn(t, batch);
        List<Event> events = t.finish();
        return new GroupCommit.Written<>(out, () -> tx.publish(events));
    }

    private List<Outcome<MessageService.Sent>> writeIn(Transactions.Tx t, List<SendPlan> batch) {
        Handle h = t.handle();
        Map<SendPlan.Key, Message> existing = store.byClientIds(h, dialect,
                batch.stream().map(SendPlan::key).distinct().toList());
        Map<SendPlan.Key, Message> written = new HashMap<>();
        List<Outcome<MessageService.Sent>> out = new ArrayList<>(batch.size());
        List<Message> fresh = new ArrayList<>();
        List<SendPlan> freshPlans = new ArrayList<>();
        for (SendPlan p : batch) {
            Message before = existing.getOrDefault(p.key(), written.get(p.key()));
            if (before != null) {
                out.add(repeat(h, before, p));
            } else {
                Message m = new Message(p.conversationId(), 0, p.senderId(), p.agentId(), p.clientId(), p.text(),
                        p.replyTo(), null, null, false, p.authorKind());
                written.put(p.key(), m);
                fresh.add(m);
                freshPlans.add(p);
                out.add(null);
            }
        }
        if (fresh.isEmpty()) {
            return out;
        }
        // As stored and as a real node's clock ticks (by the millisecond): one time for the message everywhere.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Map<String, Long> lastSeq = conversationStore.lockLastSeqs(h, dialect,
                fresh.stream().map(Message::conversationId).distinct().sorted().toList());
        List<Message> numbered = new ArrayList<>(fresh.size());
        Map<SendPlan.Key, Message> byKey = new HashMap<>();
        Map<SendPlan.Key, List<AttachmentView>> files = new HashMap<>();
        java.util.Set<String> firstWords = new java.util.HashSet<>();
        Map<SendPlan.Key, String> rendered = new HashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            Message m = fresh.get(i);
            SendPlan p = freshPlans.get(i);
            long seq = lastSeq.merge(m.conversationId(), 1L, Long::sum);
            Message n = new Message(m.conversationId(), seq, m.senderId(), m.agentId(), m.clientId(), m.text(),
                    m.replyTo(), now, null, false, m.authorKind());
            numbered.add(n);
            byKey.put(p.key(), n);
            // Taken in this transaction: a send that lost an upload to another fails alone (the
            // group commit writes the batch again one by one) and nothing of it stays.
            List<AttachmentView> attached = p.attachments().isEmpty() ? List.of()
                    : views.attachments().attach(h, p.senderId(), p.conversationId(), seq, p.attachments());
            files.put(p.key(), attached);
            rendered.put(p.key(), appendEvents(t, p, n, attached, now, firstWords));
            p.approval().recordSent(t.handle(), n);
        }
        storeAll(h, numbered, lastSeq, now, quiet(freshPlans, numbered));
        hide(h, freshPlans, numbered);
        for (int i = 0; i < out.size(); i++) {
            SendPlan p = batch.get(i);
            if (out.get(i) == null) {
                out.set(i, Outcome.of(new MessageService.Sent(own(p, byKey.get(p.key()), files.get(p.key())), true,
                        rendered.get(p.key()))));
            } else if (out.get(i).value() != null && !out.get(i).value().created()
                    && out.get(i).value().message() == null) {
                // A repeat of a message made earlier in this same batch: answer that message.
                out.set(i, Outcome.of(new MessageService.Sent(own(p, byKey.get(p.key()), files.get(p.key())), false)));
            }
        }
        return out;
    }

    /** A retry of a stored message, or of one earlier in this batch (whose seq is not known yet). */
    private Outcome<MessageService.Sent> repeat(Handle h, Message before, SendPlan p) {
        // A message of this batch (seq 0) is unchanged; one stored and changed since is looked up (rare: a retry
        // that passed SendCheck's look-up before the change).
        if (!before.retriedBy(p.text(), () -> store.firstTextDigest(h, before.conversationId(), before.seq()))) {
            return Outcome.failed(ApiException.conflict(
                    "client_id '" + p.clientId() + "' was already used for a different message."));
        }
        if (before.seq() == 0) {
            return Outcome.of(new MessageService.Sent(null, false));
        }
        return Outcome.of(new MessageService.Sent(views.render(h, before, p.senderId()), false));
    }

    /**
     * @param firstWords conversations of this batch already past their first message (a group's
     *                   system lines come before it, so its seq need not be 1)
     * @return the message as its sender's own log has it, in JSON: the acknowledgement reuses it
     */
    private String appendEvents(Transactions.Tx t, SendPlan p, Message m, List<AttachmentView> files, Instant now,
                                java.util.Set<String> firstWords) {
        if (p.shadowed()) {
            return appendShadowed(t, p, m, files, now);
        }
        if (p.acceptRequest()) {
            conversations.acceptIn(t, p.conversationId(), p.senderId()); // replying to a request accepts it
        }
        for (String id : p.hidden()) {
            conversationStore.setFolder(t.handle(), p.conversationId(), id, Member.HIDDEN);
        }
        if (!p.requested().isEmpty() && firstWords.add(p.conversationId())
                && (m.seq() == 1 || !store.wordsBefore(t.handle(), p.conversationId(), m.seq()))) {
            // A request shows to its recipient once it holds a message: now (unless hidden words hid it).
            String data = Json.write(Map.of("conversation_id", p.conversationId(), "from", p.createdBy()));
            t.append(p.requested(), EventTypes.REQUEST_CREATED, p.conversationId(), null, now, v -> data);
        }
        MessageView view = MessageView.of(m, Map.of()).withAttachments(files);
        String json = Json.write(view);
        String data = eventData(json);
        // The business's own log shows which agent wrote it; the customer's does not.
        String ownJson = p.agentId() == null ? json : Json.write(own(p, m, files));
        String ownData = p.agentId() == null ? data : eventData(ownJson);
        // Those who hide its words everywhere get it folded (issue 19, point 3).
        String hiddenData = p.hiddenFrom().isEmpty() ? data : eventData(Json.write(view.hiddenForViewer()));
        t.append(p.recipients(), EventTypes.MESSAGE_CREATED, p.conversationId(), m.seq(), now,
                v -> v.equals(p.senderId()) ? ownData
                        // Files reach no one on the other side of a block from the sender (a group's message: a
                        // direct one was refused): the view without links, rare, so rendered for each such member.
                        : !files.isEmpty() && views.cutOff(v, p.senderId())
                        ? eventData(Json.write(views.pastBlocks(p.hiddenFrom().contains(v) ? view.hiddenForViewer() : view, v)))
                        : p.hiddenFrom().contains(v) ? hiddenData : data,
                view); // the view: hooks need not parse data back
        return ownJson;
    }

    /** A message.created event's data, {@code {"message": …}}, around the message's JSON. */
    private static String eventData(String messageJson) {
        return "{\"message\":" + messageJson + "}";
    }

    /**
     * A message shown to its sender only: the sender's own log gets it as any message, nobody
     * else's gets anything, so sync, streams, bots, automation, the inbox and notifications (all
     * fed by the recipients' events) never hear of it, and no request.created is sent; the
     * conversation lists leave out a conversation all of whose messages are hidden from the viewer.
     */
    private String appendShadowed(Transactions.Tx t, SendPlan p, Message m, List<AttachmentView> files, Instant now) {
        if (p.acceptRequest()) {
            conversations.acceptIn(t, p.conversationId(), p.senderId()); // the sender's own act, not a message
        }
        String json = Json.write(own(p, m, files));
        t.append(List.of(p.senderId()), EventTypes.MESSAGE_CREATED, p.conversationId(), m.seq(), now, v -> eventData(json));
        return json;
    }

    /** Conversations whose messages in this batch are all shadowed: others' lists keep their order. */
    private static java.util.Set<String> quiet(List<SendPlan> plans, List<Message> numbered) {
        java.util.Set<String> quiet = new java.util.HashSet<>();
        java.util.Set<String> loud = new java.util.HashSet<>();
        for (int i = 0; i < plans.size(); i++) {
            (plans.get(i).shadowed() ? quiet : loud).add(numbered.get(i).conversationId());
        }
        quiet.removeAll(loud);
        return quiet;
    }

    /**
     * Records the shadowed messages. Nobody else's read pointer moves: the unread count leaves out
     * what is hidden from the viewer ({@link ShadowedMessages#unreadHidden}), and the sender, who
     * may see others' pointers, sees its message unread until they read something after it, as
     * a message of anyone's would be.
     */
    private void hide(Handle h, List<SendPlan> plans, List<Message> numbered) {
        List<Message> hidden = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i).shadowed()) {
                hidden.add(numbered.get(i));
            }
        }
        shadowed.markAll(h, hidden);
    }

    /** The message as its sender sees it: for a business, with the agent who wrote it. */
    private static MessageView own(SendPlan p, Message m, List<AttachmentView> files) {
        MessageView view = MessageView.of(m, Map.of()).withAttachments(files);
        return p.agentId() == null ? view : view.withAgent(p.agentId(), p.agentName());
    }

    /** Sets each conversation's last seq once, inserts the messages, advances each person sender's read pointer once. */
    private void storeAll(Handle h, List<Message> numbered, Map<String, Long> lastSeq, Instant now,
                          java.util.Set<String> quiet) {
        Map<String, Long> touched = new TreeMap<>();
        Map<String, Map<String, Long>> reads = new TreeMap<>();
        for (Message m : numbered) {
            touched.put(m.conversationId(), lastSeq.get(m.conversationId()));
            // Only a person's read counts: an automatic reply (instant reply, bot, integration) must
            // not mark the customer's message read for the business's team, who never saw it.
            if (!m.automated()) {
                reads.computeIfAbsent(m.conversationId(), k -> new TreeMap<>()).merge(m.senderId(), m.seq(), Math::max);
            }
        }
        conversationStore.setLastSeqs(h, touched, now, quiet);
        store.insertAll(h, numbered, now);
        conversationStore.advanceSenders(h, touched, reads, now);
    }
}
