package dev.parley.business;

import dev.parley.lifecycle.Threads;
import dev.parley.account.AccountKinds;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStore;
import dev.parley.event.Event;
import dev.parley.event.EventSink;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.message.Message;
import dev.parley.message.MessageStore;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes new messages of businesses' conversations into their inboxes, after commit and off the
 * send path: a customer's message opens the conversation (reopens it if resolved), is labelled
 * by triage, and an open conversation with nobody on it goes to the next online agent with room,
 * unless the business's FAQ bot is handling it (then it waits in the bot view until the hand-off).
 * The business's agents hear of it as {@code inbox.updated}.
 *
 * @implNote A committed {@code message.created} on a business's feed is only a nudge; the store is
 * the truth. Each inbox row remembers how far it has taken messages in ({@code processed_seq}),
 * the work is redone from there under the row's lock, and at start every conversation left
 * behind (a crash between commit and intake) is taken in. So a message is taken in once, even
 * when two nodes are nudged for one conversation. Triage (a few ms of model time, a second to
 * load the model once) runs before the write transaction, never inside it.
 */
public final class Intake implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final int BATCH = 100;
    /** How many of the business's corrections triage learns from. */
    static final int LEARNED = 200;
    private static final String BEHIND = "SELECT m.account_id, m.conversation_id FROM conversation_members m "
            + "JOIN accounts a ON a.id = m.account_id AND a.kind = 'business' "
            + "JOIN conversations c ON c.id = m.conversation_id AND c.kind = 'direct' "
            + "LEFT JOIN inbox_conversations i ON i.business_id = m.account_id AND i.conversation_id = m.conversation_id "
            + "WHERE m.folder NOT IN ('declined', 'held') AND c.last_seq > COALESCE(i.processed_seq, 0)";

    private final Database db;
    private final Transactions tx;
    private final InboxStore store;
    private final InboxService inbox;
    private final RoundRobin roundRobin;
    private final MessageStore messages;
    private final ConversationStore conversationStore;
    private final AccountKinds kinds;
    private final Optional<Triage> triage;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Threads.daemon("parley-inbox-intake"));
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** Whether the business's FAQ bot has the conversation: then nobody is assigned until hand-off. */
    private final BotHandling botHandling;
    private final RatingReplies ratingReplies;
    /** Set when the model cannot load on this machine: triage is off until the node restarts. */
    private volatile boolean triageBroken;

    /** @param triage empty when triage is switched off */
    Intake(Database db, Transactions tx, InboxStore store, InboxService inbox, RoundRobin roundRobin,
           MessageStore messages, ConversationStore conversationStore, AccountKinds kinds,
           Optional<Triage> triage, BotHandling botHandling, RatingReplies ratingReplies, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.inbox = inbox;
        this.roundRobin = roundRobin;
        this.messages = messages;
        this.conversationStore = conversationStore;
        this.kinds = kinds;
        this.triage = triage;
        this.botHandling = botHandling;
        this.ratingReplies = ratingReplies;
        this.clock = clock;
    }

    /** Takes in what was left behind when the node last stopped. */
    public void start() {
        worker.execute(() -> {
            try {
                db.read(h -> h.createQuery(BEHIND).map((rs, c) -> List.of(rs.getString(1), rs.getString(2))).list())
                        .forEach(k -> nudge(k.get(0), k.get(1)));
            } catch (RuntimeException e) {
                LOG.warn("could not look for messages the inbox has not taken in", e);
            }
        });
    }

    /** Hears committed events (on the committing thread): only queues, never blocks. */
    @Override
    public void committed(List<Event> events) {
        for (Event e : events) {
            // A person's events never concern an inbox: known ones stay on this thread (an
            // account's kind never changes), so a person's message costs the worker no wake-up.
            if (EventTypes.MESSAGE_CREATED.equals(e.type()) && e.conversationId() != null
                    && !kinds.knownPerson(e.accountId())) {
                nudge(e.accountId(), e.conversationId());
            }
        }
    }

    private void nudge(String accountId, String conversationId) {
        String key = accountId + "\n" + conversationId;
        if (queued.add(key)) {
            try {
                worker.execute(() -> {
                    queued.remove(key);
                    takeIn(accountId, conversationId);
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                queued.remove(key); // shutting down: the next start takes it in
            }
        }
    }

    private void takeIn(String accountId, String conversationId) {
        try {
            if (!kinds.isBusiness(accountId)) {
                return;
            }
            boolean more = true;
            while (more) {
                more = takeInBatch(accountId, conversationId);
            }
        } catch (RuntimeException e) {
            LOG.warn("inbox intake of {} for {} failed; it is retried on the next message or start",
                    conversationId, accountId, e);
        }
    }

    /** What one batch reads before writing: the customer and the messages not taken in yet. */
    private record Pending(String customerId, List<Message> messages) {}

    /** @return true when there may be more to take in */
    private boolean takeInBatch(String businessId, String conversationId) {
        Optional<Pending> read = db.read(h -> pending(h, businessId, conversationId));
        if (read.isEmpty() || read.get().messages().isEmpty()) {
            return false;
        }
        Pending p = read.get();
        Map<Long, Triage.Result> labels = classify(businessId, p);
        // Asked before the write transaction, as triage is: it reads automation's own tables.
        boolean bot = botHandling.handles(businessId, conversationId);
        Set<Long> ratings = new HashSet<>(); // asked before writing too: satisfaction's tables
        for (Message m : p.messages()) {
            if (m.senderId().equals(p.customerId()) && ratingReplies.answers(conversationId, p.customerId(), m.seq(), m.text())) {
                ratings.add(m.seq());
            }
        }
        tx.run(t -> {
            write(t, businessId, conversationId, p, labels, bot, ratings);
            return null;
        });
        return p.messages().size() == BATCH;
    }

    private Optional<Pending> pending(Handle h, String businessId, String conversationId) {
        Optional<Conversation> c = conversationStore.byId(h, conversationId);
        if (c.isEmpty() || conversationStore.member(h, conversationId, businessId).isEmpty()) {
            return Optional.empty();
        }
        return inbox.customerOf(h, c.get(), businessId).map(customer -> {
            long from = store.row(h, businessId, conversationId).map(InboxRow::processedSeq).orElse(0L);
            return new Pending(customer, messages.after(h, conversationId, from, BATCH));
        });
    }

    private Map<Long, Triage.Result> classify(String businessId, Pending p) {
        Map<Long, Triage.Result> out = new HashMap<>();
        if (triage.isEmpty() || triageBroken) {
            return out;
        }
        List<Message> incoming = p.messages().stream()
                .filter(m -> m.senderId().equals(p.customerId()) && !m.deleted()).toList();
        if (incoming.isEmpty()) {
            return out;
        }
        List<Triage.Example> learned = store.corrections(businessId, LEARNED);
        for (Message m : incoming) {
            try {
                triage.get().classify(m.text(), learned).ifPresent(r -> out.put(m.seq(), r));
            } catch (LinkageError e) {
                triageBroken = true; // the model's native code did not load: don't retry per message
                LOG.error("triage cannot run on this machine; messages stay unlabelled (inbox.triage=off hides this)", e);
                break;
            } catch (RuntimeException e) {
                LOG.warn("triage failed for a message of {}; it stays unlabelled", m.conversationId(), e);
            }
        }
        return out;
    }

    private void write(Transactions.Tx t, String businessId, String conversationId, Pending p,
                       Map<Long, Triage.Result> labels, boolean bot, Set<Long> ratings) {
        Handle h = t.handle();
        Instant now = clock.instant();
        store.ensure(h, businessId, conversationId, p.customerId(), InboxRow.PENDING, now);
        InboxRow row = store.lock(h, businessId, conversationId).orElseThrow();
        List<Message> fresh = p.messages().stream().filter(m -> m.seq() > row.processedSeq()).toList();
        if (fresh.isEmpty()) {
            return; // another node took them in meanwhile
        }
        InboxRow next = row;
        for (Message m : fresh) {
            next = next.processed(m.seq(), m.createdAt());
            if (!m.senderId().equals(p.customerId()) || ratings.contains(m.seq())) {
                continue; // a rating typed as a reply is no new request: the conversation stays resolved
            }
            next = next.snoozed(null); // the customer wrote again: a snooze ends
            if (!InboxRow.OPEN.equals(next.status()) && m.seq() > next.statusSeq()) {
                if (InboxRow.RESOLVED.equals(next.status())) {
                    // A new request: what triage said of the old one no longer applies; agents' labels stay.
                    store.clearLabels(h, businessId, conversationId, "triage");
                }
                next = next.withStatus(InboxRow.OPEN, next.statusSeq());
            }
            Triage.Result r = labels.get(m.seq());
            if (r != null) {
                store.addTriage(h, businessId, conversationId, m.seq(), r.label(), r.score());
                store.addLabel(h, businessId, conversationId, r.label(), "triage", now);
            }
        }
        boolean urgent = InboxRow.urgent(store.labels(h, businessId, List.of(conversationId))
                .getOrDefault(conversationId, List.of()).stream().map(l -> l.name()).toList());
        next = next.withPriority(urgent ? 1 : 0);
        if (InboxRow.OPEN.equals(next.status()) && next.assigneeId() == null) {
            // While the bot has it, nobody is assigned: assignment happens at its hand-off. The bot
            // takes a conversation only as it opens (or keeps one it has): "bot" was asked before
            // this transaction, and the bot may have handed over since (clearing the row's flag).
            boolean opened = !InboxRow.OPEN.equals(row.status());
            boolean botHasIt = bot && (opened || row.bot());
            next = next.withBot(botHasIt);
            InboxSettings s = store.settings(h, businessId);
            if (!botHasIt && s.autoAssign()) {
                next = next.withAssignee(roundRobin.pick(h, businessId, s.agentCap()).orElse(null));
            }
        }
        if (!next.status().equals(row.status())) {
            store.logStatus(h, next, null, now);
        }
        store.update(h, next);
        inbox.publish(t, next);
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
