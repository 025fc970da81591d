package dev.parley.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.AccountStore;
import dev.parley.business.BusinessInbox;
import dev.parley.event.Event;
import dev.parley.event.EventSink;
import dev.parley.event.EventTypes;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.message.MessageService;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business's automatic replies, an ordinary listener of committed events: an instant reply
 * to a customer's first message, an away message once per closed period, and the FAQ bot, which
 * answers when it is confident, says it is a bot, and hands the conversation to a person when
 * asked, when the question is unrelated, or after two misses, then stays silent until an agent
 * gives it back. Everything it sends goes through the same send path and business rules as an
 * agent's reply (as automated), with a client_id per trigger so a replay sends nothing twice.
 */
public final class Autoresponder implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Autoresponder.class);
    /** Below the threshold by more than this, a question is unrelated: hand over at once. */
    static final double UNRELATED_MARGIN = 0.15;
    static final int MAX_MISSES = 2;

    private final AutomationStore store;
    private final MessageService messages;
    private final BusinessInbox inbox;
    private final AccountStore accounts;
    private final FaqMatcher matcher;
    private final Clock clock;
    private final Map<String, Boolean> isBusiness = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-autoresponder");
        t.setDaemon(true);
        return t;
    });

    public Autoresponder(AutomationStore store, MessageService messages, BusinessInbox inbox, AccountStore accounts,
                         FaqMatcher matcher, Clock clock) {
        this.store = store;
        this.messages = messages;
        this.inbox = inbox;
        this.accounts = accounts;
        this.matcher = matcher;
        this.clock = clock;
    }

    @Override
    public void committed(List<Event> events) {
        for (Event e : events) {
            if (EventTypes.MESSAGE_CREATED.equals(e.type()) && business(e.accountId())) {
                worker.execute(() -> handle(e));
            }
        }
    }

    private boolean business(String accountId) {
        return isBusiness.computeIfAbsent(accountId, id -> accounts.byId(id).map(a -> a.isBusiness()).orElse(false));
    }

    private void handle(Event e) {
        try {
            JsonNode m = Json.MAPPER.readTree(e.data()).get("message");
            String businessId = e.accountId();
            if (businessId.equals(m.path("sender_id").asText())) {
                return; // the business's own messages, ours included
            }
            respond(businessId, e.conversationId(), m.path("seq").asLong(), m.path("text").asText());
        } catch (IOException | RuntimeException ex) {
            LOG.warn("automatic reply for event {} of {} failed", e.token(), e.accountId(), ex);
        }
    }

    private void respond(String businessId, String conversationId, long seq, String text) {
        AutomationStore.State state = store.state(conversationId);
        if (seq <= state.seenSeq()) {
            return; // handled already (a replay)
        }
        AutomationSettings s = store.settings(businessId);
        Instant now = clock.instant();
        if (s.instantReply().enabled() && !state.instantSent()) {
            send(businessId, conversationId, "instant-" + seq, s.instantReply().text());
            state = with(state, true, state.awayPeriod(), state.botSpoke(), state.misses(), state.handedOff());
        }
        if (s.awayMessage().enabled()) {
            Optional<Instant> closed = AutomationSettings.hours(s.awayMessage()).closedSince(now);
            if (closed.isPresent() && !Long.valueOf(closed.get().toEpochMilli()).equals(state.awayPeriod())) {
                send(businessId, conversationId, "away-" + seq, s.awayMessage().text());
                state = with(state, state.instantSent(), closed.get().toEpochMilli(), state.botSpoke(), state.misses(),
                        state.handedOff());
            }
        }
        if (s.faqBot().enabled() && !state.handedOff()) {
            state = faq(businessId, conversationId, seq, text, s, state);
        }
        store.saveState(businessId, conversationId, new AutomationStore.State(state.instantSent(), state.awayPeriod(),
                state.botSpoke(), state.misses(), state.handedOff(), seq));
    }

    private AutomationStore.State faq(String businessId, String conversationId, long seq, String text,
                                      AutomationSettings s, AutomationStore.State state) {
        String intro = state.botSpoke() ? "" : "I'm {{business.name}}'s automated assistant (a bot). ";
        if (asksForPerson(text, s.handoffWords())) {
            return handOver(businessId, conversationId, seq, intro, state);
        }
        double threshold = s.faqBot().threshold();
        Optional<FaqMatcher.Match> match = matcher.best(text, store.faq(businessId));
        double score = match.map(FaqMatcher.Match::score).orElse(0.0);
        if (match.isPresent() && score >= threshold) {
            send(businessId, conversationId, "faq-" + seq, intro + match.get().entry().answer()
                    + (state.botSpoke() ? "" : starters(s)));
            return with(state, state.instantSent(), state.awayPeriod(), true, 0, false);
        }
        int misses = state.misses() + 1;
        if (score < threshold - UNRELATED_MARGIN || misses >= MAX_MISSES) {
            return handOver(businessId, conversationId, seq, intro, state);
        }
        send(businessId, conversationId, "faq-" + seq, intro + "I'm not sure I understood; could you put it another way?"
                + starters(s));
        return with(state, state.instantSent(), state.awayPeriod(), true, misses, false);
    }

    private AutomationStore.State handOver(String businessId, String conversationId, long seq, String intro,
                                           AutomationStore.State state) {
        send(businessId, conversationId, "handoff-" + seq, intro + "I'm handing you to a person on our team; "
                + "they'll answer here.");
        inbox.handToPerson(businessId, conversationId);
        return with(state, state.instantSent(), state.awayPeriod(), true, 0, true);
    }

    static boolean asksForPerson(String text, List<String> words) {
        String t = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        return words.stream().anyMatch(w -> t.contains(" " + w + " "));
    }

    private static String starters(AutomationSettings s) {
        List<String> q = s.faqBot().starterQuestions();
        return q.isEmpty() ? "" : "\n\nYou can ask me, for example:\n" + String.join("\n", q.stream().map(x -> "• " + x).toList());
    }

    private void send(String businessId, String conversationId, String kind, String template) {
        try {
            String text = inbox.renderTemplate(businessId, conversationId, template);
            messages.send(businessId, null, true, conversationId, "auto-" + kind, text, null);
        } catch (ApiException refused) {
            LOG.info("automatic reply ({}) in {} not sent: {} {}", kind, conversationId, refused.code(), refused.detail());
        }
    }

    private static AutomationStore.State with(AutomationStore.State s, boolean instant, Long away, boolean spoke,
                                              int misses, boolean handedOff) {
        return new AutomationStore.State(instant, away, spoke, misses, handedOff, s.seenSeq());
    }

    /** An agent gives the conversation back to the bot. */
    public void resume(String businessId, String conversationId) {
        AutomationStore.State s = store.state(conversationId);
        store.saveState(businessId, conversationId, new AutomationStore.State(s.instantSent(), s.awayPeriod(), s.botSpoke(),
                0, false, s.seenSeq()));
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
