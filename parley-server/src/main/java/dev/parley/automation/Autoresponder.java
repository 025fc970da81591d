package dev.parley.automation;

import dev.parley.lifecycle.Threads;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.AccountKinds;
import dev.parley.business.BusinessInbox;
import dev.parley.event.Event;
import dev.parley.event.EventSink;
import dev.parley.event.EventTypes;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.message.AuthorKind;
import dev.parley.message.Message;
import dev.parley.message.MessageService;
import dev.parley.message.MessageStore;
import dev.parley.store.Database;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business's automatic replies, an ordinary listener of committed events: an instant reply
 * to a customer's first message, an away message once per closed period, and the FAQ bot, which
 * answers when it is confident, says it is a bot, and hands the conversation to a person when
 * asked, at a complaint, when the question is unrelated, or after two misses ({@link BotReading}, which
 * {@code …/faq/try} reads with too), then stays silent until an agent
 * gives it back. Everything it sends goes through the same send path and business rules as an
 * agent's reply (as automated), with a client_id per trigger so a replay sends nothing twice.
 *
 * @implNote A committed customer message is only a nudge, heard by the node that committed it;
 * the store is the truth. The handler takes the conversation's bot state under
 * {@link AutomationStore#handle} (which holds off every other node and thread), reads the
 * messages after {@code seen_seq} from the store and answers each customer message in seq order,
 * then stores the state with the new {@code seen_seq} before it lets go. So in a cluster, where
 * two messages of one conversation may be committed on two nodes at once, they are handled one
 * after the other, each once, whichever node gets there first: without that exclusion both nodes
 * read the same state and both sent the instant reply (and the away message), because the
 * client_ids ({@code auto-instant-<seq>}) name different messages and so do not dedupe, and the
 * later save of the two undid the other's (misses, handed_off, seen_seq moving backwards).
 *
 * <p>The client_ids still matter: a handler that dies after sending but before its state is
 * stored (the lock goes with its connection) leaves the work to the next handler, at the
 * conversation's next message or at any node's start ({@link #start}), which redoes it from the
 * same state, so the same triggers make the same client_ids and the send path answers the
 * stored message instead of sending another. Automatic replies are thus at least once, and
 * exactly once where nodes do not die between a send and the state's commit.
 */
public final class Autoresponder implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Autoresponder.class);
    /** How the FAQ bot names itself: its first message, and a hand-off unless it said so since a person wrote. */
    private static final String BOT_INTRO = "I'm {{business.name_possessive}} automated assistant (a bot). ";
    private static final int BATCH = 100;
    /** How recently an agent's message keeps the away message back. */
    private static final java.time.Duration AGENT_LIVE = java.time.Duration.ofMinutes(30);

    private final AutomationStore store;
    private final Database db;
    private final MessageStore messageStore;
    private final MessageService messages;
    private final BusinessInbox inbox;
    private final AccountKinds kinds;
    private final BotReading reading;
    private final Clock clock;
    /** Conversations queued for handling, with the earliest seq that nudged each. */
    private final Map<String, Long> queued = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Threads.daemon("parley-autoresponder"));

    public Autoresponder(AutomationStore store, Database db, MessageStore messageStore, MessageService messages,
                         BusinessInbox inbox, AccountKinds kinds, FaqMatcher matcher, Clock clock) {
        this.store = store;
        this.db = db;
        this.messageStore = messageStore;
        this.messages = messages;
        this.inbox = inbox;
        this.kinds = kinds;
        this.reading = new BotReading(matcher, inbox);
        this.clock = clock;
    }

    /** The business's display name and {@code @handle}, as its customers may name it ({@link OwnName}). */
    public List<String> businessNames(String businessId) {
        return inbox.names(businessId);
    }

    /** Takes in what was left behind when a node stopped between a customer's message and its handling. */
    public void start() {
        worker.execute(() -> {
            try {
                store.behind().forEach(b -> nudge(b.businessId(), b.conversationId(), b.seenSeq() + 1));
            } catch (RuntimeException e) {
                LOG.warn("could not look for messages automation has not handled", e);
            }
        });
    }

    /** Hears committed events (on the committing thread): only queues, never blocks. */
    @Override
    public void committed(List<Event> events) {
        for (Event e : events) {
            if (EventTypes.MESSAGE_CREATED.equals(e.type()) && e.conversationId() != null && kinds.isBusiness(e.accountId())) {
                try {
                    worker.execute(() -> nudged(e));
                } catch (RejectedExecutionException stopping) {
                    return; // stopping: the next start takes it in
                }
            }
        }
    }

    private void nudged(Event e) {
        try {
            JsonNode m = Json.MAPPER.readTree(e.data()).get("message");
            if (e.accountId().equals(m.path("sender_id").asText()) || "system".equals(m.path("author_kind").asText())) {
                return; // the business's own messages, ours included, and lines such as "Ann added Bob"
            }
            nudge(e.accountId(), e.conversationId(), m.path("seq").asLong());
        } catch (IOException | RuntimeException ex) {
            LOG.warn("automatic reply for event {} of {} failed", e.token(), e.accountId(), ex);
        }
    }

    /** Queues one handling of the conversation, however many of its messages nudge it meanwhile. */
    private void nudge(String businessId, String conversationId, long seq) {
        String key = businessId + "\n" + conversationId;
        boolean[] fresh = {false};
        queued.compute(key, (k, v) -> {
            fresh[0] = v == null;
            return v == null ? seq : Math.min(v, seq);
        });
        if (!fresh[0]) {
            return; // queued already; it keeps the earliest seq
        }
        try {
            worker.execute(() -> {
                Long first = queued.remove(key);
                try {
                    store.handle(businessId, conversationId, first - 1, s -> handle(businessId, conversationId, s));
                } catch (RuntimeException ex) {
                    LOG.warn("automatic replies in {} failed; they are redone on its next message or a start",
                            conversationId, ex);
                }
            });
        } catch (RejectedExecutionException stopping) {
            queued.remove(key); // stopping: the next start takes it in
        }
    }

    /** With the conversation held: answers each customer message after {@code seen_seq}, in order. */
    private AutomationStore.State handle(String businessId, String conversationId, AutomationStore.State state) {
        AutomationStore.State s = state;
        AutomationSettings settings = null;
        while (true) {
            long after = s.seenSeq();
            List<Message> batch = db.read(h -> messageStore.after(h, conversationId, after, BATCH));
            if (batch.isEmpty()) {
                return s;
            }
            for (Message m : batch) {
                if (!m.senderId().equals(businessId) && !m.deleted()) {
                    settings = settings == null ? store.settings(businessId) : settings;
                    s = respond(businessId, conversationId, m.seq(), m.text(), settings, s);
                }
                s = s.seen(m.seq()); // our own replies, agents' and deleted messages are passed over
            }
        }
    }

    /**
     * One customer message gets at most one automatic reply. The FAQ bot's answer, when it has
     * one, is the only reply. Otherwise the reply due, if any, is the away message while closed
     * (once per closed period), else the instant reply (once, to the first message); when the bot
     * is on and has not spoken yet, that one message opens with its disclosure, and it stands in
     * for the bot's own hand-over or "put it another way" line (a "Did you mean …?" is added to it). Only when nothing is due does the
     * bot say its own line. Before, all three went out at once: "we'll get back to you soon",
     * "we're closed" and "I'm handing you to a person" for one "hello" at night.
     */
    private AutomationStore.State respond(String businessId, String conversationId, long seq, String text,
                                          AutomationSettings s, AutomationStore.State state) {
        Optional<Instant> closed = s.awayMessage().enabled()
                ? AutomationSettings.hours(s.awayMessage()).closedSince(clock.instant()) : Optional.empty();
        boolean awayDue = closed.isPresent() && !Long.valueOf(closed.get().toEpochMilli()).equals(state.awayPeriod())
                && !agentInTheChat(conversationId, seq);
        boolean instantDue = s.instantReply().enabled() && !state.instantSent();
        Due due = awayDue ? new Due("away-", s.awayMessage().text(), closed.get().toEpochMilli())
                : instantDue ? new Due("instant-", s.instantReply().text(), state.awayPeriod()) : null;
        boolean instantSent = state.instantSent() || instantDue; // the first message is answered either way
        if (!s.faqBot().enabled() || state.handedOff()) {
            if (due == null) {
                return state.seen(seq);
            }
            send(businessId, conversationId, due.kind() + seq, due.text(), AuthorKind.AUTOMATION);
            return with(state, instantSent, due.awayPeriod(), state.botSpoke(), state.misses(), state.handedOff())
                    .seen(seq);
        }
        String intro = state.botSpoke() ? "" : BOT_INTRO;
        Optional<String> askedBack = AskBack.isYes(text) || AskBack.isNo(text) ? askedJustBefore(conversationId, seq)
                : Optional.empty();
        BotReading.Reading read = reading.read(businessId, text, s, store.faq(businessId), askedBack, state.misses());
        if (read.unanswered()) {
            store.noteUnanswered(businessId, conversationId, seq, clock.instant()); // offered to the owner as a phrasing
        }
        BotReading.Verdict decision = read.verdict();
        if (decision instanceof BotReading.Verdict.NoQuestion) {
            return greeted(businessId, conversationId, seq, s, state, due, instantSent, intro);
        }
        if (decision instanceof BotReading.Verdict.Answer a) {
            // A complaint answered is handed over too: the answer says so, in the same one reply.
            String then = a.handOver().isPresent() ? "\n\nI've also passed your message to a person on our team; they'll "
                    + "answer here." : state.botSpoke() ? "" : starters(s);
            Optional<String> refused = send(businessId, conversationId, "faq-" + seq, intro + a.text() + then,
                    AuthorKind.BOT);
            if (refused.isEmpty()) {
                a.handOver().ifPresent(h -> handToPerson(businessId, conversationId, h));
                return with(state, instantSent, state.awayPeriod(), true, 0, a.handOver().isPresent()).seen(seq);
            }
            // The business rules refused the answer (it reads as promotion and the customer has not opted in,
            // say). Silence would break the bot's "Reply yes and I'll answer it", so a person takes over, with
            // whatever reply is due, as when the bot cannot answer; the agent's note says why.
            decision = new BotReading.Verdict.HandOver(BotReading.Why.ANSWER_REFUSED, "its answer to "
                    + BotReading.quoted(a.question()) + " was not sent. " + refused.get());
        }
        boolean handOver = decision instanceof BotReading.Verdict.HandOver;
        int misses = handOver ? 0 : state.misses() + 1;
        if (due != null) {
            // A near guess rides along: a first question asked at night still gets "Did you mean …?", and a yes the answer.
            String rest = handOver ? "" : decision instanceof BotReading.Verdict.AskBack ask
                    ? "\n\n" + AskBack.line(ask.question())
                    : "\n\nIf you have a question I might answer, could you put it another way?";
            // Said with the bot's voice (it introduces itself): the bot's message.
            send(businessId, conversationId, due.kind() + seq, intro + due.text() + rest, AuthorKind.BOT);
        } else if (handOver) {
            // The hand-off introduces the bot unless it did so since a person last wrote (Disclosure).
            send(businessId, conversationId, "handoff-" + seq, handOffIntro(businessId, conversationId)
                    + "I'm handing you to a person on our team; they'll answer here.", AuthorKind.BOT);
        } else if (decision instanceof BotReading.Verdict.AskBack ask) {
            // A yes gets the answer (AskBack); so does sending the suggested question back.
            send(businessId, conversationId, "faq-" + seq, intro + AskBack.line(ask.question()), AuthorKind.BOT);
        } else {
            send(businessId, conversationId, "faq-" + seq, intro
                    + "I'm not sure I understood; could you put it another way?" + starters(s), AuthorKind.BOT);
        }
        if (decision instanceof BotReading.Verdict.HandOver h) {
            handToPerson(businessId, conversationId, h);
        }
        Long away = due == null ? state.awayPeriod() : due.awayPeriod();
        return with(state, instantSent, away, true, misses, handOver).seen(seq);
    }

    private String handOffIntro(String businessId, String conversationId) {
        String said = inbox.renderTemplate(businessId, conversationId, BOT_INTRO).strip();
        List<Message> latest = new java.util.ArrayList<>(db.read(h -> messageStore.before(h, conversationId, Long.MAX_VALUE,
                Disclosure.LOOK_BACK)));
        java.util.Collections.reverse(latest);
        // Issue 20 point 5: the hand-off says a bot is speaking; after its introduction, in a few words.
        return Disclosure.alreadyMade(latest, businessId, said) ? "Still the bot here: " : BOT_INTRO;
    }

    private void handToPerson(String businessId, String conversationId, BotReading.Verdict.HandOver h) {
        inbox.handToPerson(businessId, conversationId, "The FAQ bot handed this conversation to a person: " + h.note());
    }

    /**
     * What the bot would make of a question as a customer's first message: {@code …/faq/try}, read as the chat
     * reads it (a request for a person, pleasantries, a complaint), so the owner's preview is the customer's reply.
     */
    BotReading.Reading tryQuestion(String businessId, String text) {
        return reading.read(businessId, text, store.settings(businessId), store.faq(businessId), Optional.empty(), 0);
    }

    /**
     * Pleasantries alone ("Hello!", "thank you!", "ok 👍") are no question: no miss, no hand-over (a "Hello!" read as
     * unrelated handed over, and the question after it went unanswered). The reply due goes with the bot's invitation
     * to ask; before the bot has spoken, the invitation alone; else nothing.
     */
    private AutomationStore.State greeted(String businessId, String conversationId, long seq, AutomationSettings s,
                                          AutomationStore.State state, Due due, boolean instantSent, String intro) {
        String invite = "If you have a question, ask away: I can answer some straight away." + starters(s);
        if (due != null) {
            send(businessId, conversationId, due.kind() + seq, intro + due.text()
                    + (state.botSpoke() ? "" : "\n\n" + invite), AuthorKind.BOT);
            return with(state, instantSent, due.awayPeriod(), true, state.misses(), false).seen(seq);
        }
        if (!state.botSpoke()) {
            send(businessId, conversationId, "faq-" + seq, intro + invite, AuthorKind.BOT);
            return with(state, instantSent, state.awayPeriod(), true, state.misses(), false).seen(seq);
        }
        return state.seen(seq);
    }

    /**
     * An agent wrote in the chat in the last {@link #AGENT_LIVE}: "we're closed" would cut into their conversation.
     * The period stays unused, so a later message with nobody there still gets it.
     */
    private boolean agentInTheChat(String conversationId, long seq) {
        Instant since = clock.instant().minus(AGENT_LIVE);
        return db.read(h -> messageStore.before(h, conversationId, seq, 20)).stream()
                .anyMatch(m -> m.authorKind() == AuthorKind.AGENT && !m.createdAt().isBefore(since));
    }

    /** The automatic reply due for a message: its client_id prefix, its template, the away period it uses up. */
    private record Due(String kind, String text, Long awayPeriod) {}

    /** The question the bot asked back in the message right before this one, if it did. */
    private Optional<String> askedJustBefore(String conversationId, long seq) {
        List<Message> before = db.read(h -> messageStore.before(h, conversationId, seq, 1));
        return before.isEmpty() ? Optional.empty() : AskBack.askedIn(before.get(0));
    }

    /** The starter questions, read back as the message's {@code quick_replies} (buttons). */
    private static String starters(AutomationSettings s) {
        return dev.parley.message.QuickReplies.block(s.faqBot().starterQuestions());
    }

    /**
     * Sends an automatic reply; when the business rules refuse it, why (logged, never thrown), for the
     * note of the agent who takes over.
     */
    private Optional<String> send(String businessId, String conversationId, String kind, String template,
                                  AuthorKind author) {
        try {
            String text = inbox.renderTemplate(businessId, conversationId, template);
            messages.send(businessId, null, author, conversationId, "auto-" + kind, text, null);
            return Optional.empty();
        } catch (ApiException refused) {
            LOG.info("automatic reply ({}) in {} not sent: {} {}", kind, conversationId, refused.code(), refused.detail());
            return Optional.of(refused.detail());
        }
    }

    private static AutomationStore.State with(AutomationStore.State s, boolean instant, Long away, boolean spoke,
                                              int misses, boolean handedOff) {
        return new AutomationStore.State(instant, away, spoke, misses, handedOff, s.seenSeq());
    }

    /** An agent gives the conversation back to the bot. */
    public void resume(String businessId, String conversationId) {
        store.resume(conversationId);
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
