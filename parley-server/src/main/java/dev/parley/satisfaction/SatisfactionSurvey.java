package dev.parley.satisfaction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.automation.AutomationSettings;
import dev.parley.automation.AutomationStore;
import dev.parley.business.BusinessInbox;
import dev.parley.business.RatingReplies;
import dev.parley.event.Event;
import dev.parley.event.EventSink;
import dev.parley.event.EventTypes;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.lifecycle.Threads;
import dev.parley.message.AuthorKind;
import dev.parley.message.MessageService;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a customer to rate a conversation once it is resolved, when the business turned the
 * question on and a person helped them (an agent wrote in it, after the FAQ bot last spoke, so a
 * hand-over nobody took up is not rated): one automatic message ({@code author_kind} {@code automation}) per request, that is
 * per customer message a resolution closed, so resolving twice with nothing new from the customer
 * asks once. It listens to the inbox's committed {@code inbox.updated} events.
 *
 * @implNote The question goes through the ordinary send path with the client_id
 * {@code auto-csat-<seq>}, then is recorded: two nodes that hear one resolution send one message
 * (the second send finds the first by its client_id) and record it once. The send obeys the
 * business's rules: a resolution after the reply window asks nothing. The committed event is
 * heard only by the node that committed it, so a node that stops between the resolution and the
 * send asks nothing for that resolution: at most once, never twice.
 */
public final class SatisfactionSurvey implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SatisfactionSurvey.class);
    private static final String RESOLVED = "resolved";

    private final SatisfactionStore store;
    private final AutomationStore automation;
    private final MessageService messages;
    private final BusinessInbox inbox;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Threads.daemon("parley-satisfaction"));

    SatisfactionSurvey(SatisfactionStore store, AutomationStore automation, MessageService messages, BusinessInbox inbox,
                       Clock clock) {
        this.store = store;
        this.automation = automation;
        this.messages = messages;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Hears committed events (on the committing thread): only queues. */
    @Override
    public void committed(List<Event> events) {
        for (Event e : events) {
            if (EventTypes.INBOX_UPDATED.equals(e.type()) && e.data() != null && e.data().contains("\"" + RESOLVED + "\"")) {
                if (!queue(() -> resolved(e))) {
                    return;
                }
            } else if (EventTypes.MESSAGE_CREATED.equals(e.type()) && e.conversationId() != null
                    && TypedRating.mayBeIn(e.data()) && inbox.accountKinds().isBusiness(e.accountId())) {
                if (!queue(() -> typed(e))) {
                    return;
                }
            }
        }
    }

    /**
     * What the inbox's intake asks of each customer message: does it answer the conversation's latest
     * question, by its text now (the answer may not be recorded yet, this listener runs apart) or as
     * recorded? Such a message does not reopen the conversation.
     */
    public static RatingReplies replies(SatisfactionStore store) {
        return (conversationId, customerId, seq, text) -> questionAnsweredBy(store, conversationId, customerId, seq, text)
                .filter(a -> !a.question().answered() || store.answeredBy(conversationId, seq)).isPresent();
    }

    /** A typed score and the question it answers. */
    private record Answer(Rating question, TypedRating.Parsed score) {}

    /**
     * The conversation's latest question, when this customer message reads as a score written after it:
     * the one rule for the survey that records the answer, the intake that keeps the conversation resolved
     * for it, and a resolution that must not ask about it again.
     */
    private static Optional<Answer> questionAnsweredBy(SatisfactionStore store, String conversationId,
                                                       String customerId, long seq, String text) {
        return TypedRating.parse(text).flatMap(score -> store.latest(conversationId)
                .filter(r -> r.customerId().equals(customerId) && seq > r.requestSeq())
                .map(r -> new Answer(r, score)));
    }

    /** False when stopping: what is not queued then is not done (at most once, as the class says). */
    private boolean queue(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    /**
     * A customer's message that reads as a score ("5", "4/5 quick and friendly"), written while the
     * latest question waits for an answer: the answer, as if given with the buttons, the rest its comment.
     */
    private void typed(Event e) {
        try {
            JsonNode m = Json.MAPPER.readTree(e.data()).path("message");
            String sender = m.path("sender_id").asText();
            if (sender.equals(e.accountId()) || !"person".equals(m.path("author_kind").asText())) {
                return;
            }
            long seq = m.path("seq").asLong();
            String text = m.path("text").asText(null);
            questionAnsweredBy(store, e.conversationId(), sender, seq, text)
                    .filter(a -> !a.question().answered() && a.question().businessId().equals(e.accountId()))
                    .filter(a -> store.rate(a.question(), a.score().score(), a.score().comment(), clock.instant(), seq))
                    // A recorded answer is not unread (InboxStore's count): the item the intake told may have counted it.
                    .ifPresent(a -> inbox.retell(e.accountId(), e.conversationId()));
        } catch (IOException | RuntimeException ex) {
            LOG.warn("typed rating in event {} of {} failed", e.token(), e.accountId(), ex);
        }
    }

    private void resolved(Event e) {
        try {
            JsonNode item = Json.MAPPER.readTree(e.data()).path("item");
            if (!RESOLVED.equals(item.path("status").asText())) {
                return;
            }
            String businessId = e.accountId();
            String conversationId = item.path("conversation_id").asText();
            String customerId = item.path("customer").path("id").asText();
            String assignee = item.path("assignee").path("id").asText(null);
            ask(businessId, conversationId, customerId, assignee);
        } catch (IOException | RuntimeException ex) {
            LOG.warn("satisfaction question for event {} of {} failed", e.token(), e.accountId(), ex);
        }
    }

    private void ask(String businessId, String conversationId, String customerId, String assignee) {
        AutomationSettings.Reply question = automation.settings(businessId).satisfaction();
        if (!Boolean.TRUE.equals(question.enabled())) {
            return;
        }
        Optional<Long> request = store.lastFrom(conversationId, customerId);
        if (request.isEmpty() || store.one(conversationId, request.get()).isPresent()) {
            return; // the customer never wrote, or this request was asked about already
        }
        if (questionAnsweredBy(store, conversationId, customerId, request.get(),
                store.text(conversationId, request.get()).orElse(null)).isPresent()) {
            // Their last message typed the answer to the question before, recorded yet or not (the intake's
            // "still resolved" event can come first): no new request to ask about.
            return;
        }
        if (!store.agentWroteLast(conversationId)) {
            return; // no person wrote, or none since the bot last spoke (its hand-over, say): nobody to rate
        }
        String agent = assignee != null ? assignee : store.resolver(businessId, conversationId).orElse(null);
        try {
            String text = inbox.renderTemplate(businessId, conversationId, question.text());
            MessageService.Sent sent = messages.send(businessId, null, AuthorKind.AUTOMATION, conversationId,
                    "auto-csat-" + request.get(), text, null);
            store.asked(new Rating(conversationId, request.get(), businessId, customerId, agent, sent.message().id(),
                    clock.instant(), null, null, null));
        } catch (ApiException refused) {
            LOG.info("satisfaction question in {} not sent: {} {}", conversationId, refused.code(), refused.detail());
        }
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
