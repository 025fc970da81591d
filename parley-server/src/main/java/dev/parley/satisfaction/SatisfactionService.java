package dev.parley.satisfaction;

import dev.parley.conversation.ConversationService;
import dev.parley.http.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A customer's answer to the rating question: only the customer of the conversation, once per
 * question; anyone else learns nothing (404, as for an unknown conversation).
 */
public final class SatisfactionService {
    public static final int MAX_COMMENT = 1000;

    private final SatisfactionStore store;
    private final ConversationService conversations;
    private final Clock clock;

    SatisfactionService(SatisfactionStore store, ConversationService conversations, Clock clock) {
        this.store = store;
        this.conversations = conversations;
        this.clock = clock;
    }

    /**
     * The latest question as its customer sees it.
     *
     * @param status none (never asked), asked, or rated
     */
    public record View(String status, String messageId, Integer score, String comment, Instant askedAt,
                       Instant ratedAt) {
        static View of(Optional<Rating> r) {
            return r.map(x -> new View(x.answered() ? "rated" : "asked", x.messageId(), x.score(), x.comment(),
                    x.askedAt(), x.ratedAt())).orElse(new View("none", null, null, null, null, null));
        }
    }

    public View get(String accountId, String conversationId) {
        return View.of(customers(accountId, conversationId));
    }

    public View rate(String accountId, String conversationId, Integer score, String comment) {
        Optional<Rating> latest = customers(accountId, conversationId);
        if (score == null || score < 1 || score > 5) {
            throw ApiException.validation("Field 'score' is a whole number from 1 (poor) to 5 (great).");
        }
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        if (text != null && text.length() > MAX_COMMENT) {
            throw ApiException.validation("Field 'comment' is at most " + MAX_COMMENT + " characters.");
        }
        Rating r = latest.orElseThrow(() -> new ApiException(409, "rating_not_asked", "Not asked",
                "Nobody asked for a rating of this conversation; the business asks once it is resolved."));
        if (r.answered() || !store.rate(r, score, text, clock.instant(), null)) {
            throw new ApiException(409, "already_rated", "Already rated",
                    "You rated this conversation already; you may rate it again after its next resolution.");
        }
        return View.of(store.one(conversationId, r.requestSeq()));
    }

    /**
     * The conversation's latest question when the caller is its customer. A non-member, the
     * business itself, or a member who is not the customer asked: not found, as an unknown id.
     */
    private Optional<Rating> customers(String accountId, String conversationId) {
        conversations.conversationFor(accountId, conversationId); // 404 for strangers
        Optional<Rating> latest = store.latest(conversationId);
        if (latest.isPresent() && !latest.get().customerId().equals(accountId)) {
            throw ApiException.notFound("conversation");
        }
        return latest;
    }
}
