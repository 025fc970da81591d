package dev.parley.responsiveness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One customer conversation of a business as the response figures see it: who wrote each message
 * (the customer, a person of the business, or automation) and when agents resolved it.
 *
 * <p>A customer's <em>request</em> starts with their first message, or their first message after
 * the conversation was resolved; it ends when an agent resolves the conversation. Only the first
 * reply a person wrote answers it: automatic replies and bots' answers do not, so a bot that
 * answers at once and a person who answers an hour later make a one-hour response.
 *
 * @param assigneeId the agent the conversation is assigned to now: an unanswered request is theirs
 * @param complaint  labelled a complaint
 * @param excluded   spam or blocked: left out of every figure
 */
public record Timeline(String conversationId, String customerId, String assigneeId, List<Step> steps,
                       boolean complaint, Exclusion excluded) {

    /** Requests answered within this much counting time are responded to; later ones are missed. */
    public static final Duration RESPONSE_WINDOW = Duration.ofHours(24);

    public enum Author { CUSTOMER, PERSON, AUTOMATION }

    public enum Exclusion { NONE, SPAM, BLOCKED }

    /**
     * A message, or a resolution ({@code author} null) taken when the conversation's last message
     * was {@code seq}: it closes the request that message belonged to, not a later one.
     */
    public record Step(long seq, Instant at, Author author, String agentId) {
        static Step message(long seq, Instant at, Author author, String agentId) {
            return new Step(seq, at, author, agentId);
        }

        static Step resolution(long seq, Instant at, String agentId) {
            return new Step(seq, at, null, agentId);
        }

        boolean isResolution() {
            return author == null;
        }
    }

    /** Messages in seq order, each resolution after the messages it saw. */
    private static final Comparator<Step> ORDER = Comparator.comparingLong(Step::seq)
            .thenComparing(Step::isResolution).thenComparing(Step::at);

    /** The customer's requests in this conversation, judged at {@code now}. */
    public List<CustomerRequest> requests(OpenHours hours, Instant now) {
        List<CustomerRequest> out = new ArrayList<>();
        List<Step> ordered = steps.stream().sorted(ORDER).toList();
        Step start = null;
        Step response = null;
        for (Step s : ordered) {
            if (s.isResolution()) {
                if (start != null) {
                    out.add(request(start, response, s, hours, now));
                    start = null;
                    response = null;
                }
            } else if (s.author() == Author.CUSTOMER && start == null) {
                start = s;
            } else if (s.author() == Author.PERSON && start != null && response == null) {
                response = s;
            }
        }
        if (start != null) {
            out.add(request(start, response, null, hours, now));
        }
        return out;
    }

    private CustomerRequest request(Step start, Step response, Step resolution, OpenHours hours, Instant now) {
        Duration responseTime = response == null ? null : hours.between(start.at(), response.at());
        CustomerRequest.Outcome outcome;
        if (responseTime != null) {
            outcome = responseTime.compareTo(RESPONSE_WINDOW) <= 0
                    ? CustomerRequest.Outcome.RESPONDED : CustomerRequest.Outcome.MISSED;
        } else {
            outcome = hours.between(start.at(), now).compareTo(RESPONSE_WINDOW) > 0
                    ? CustomerRequest.Outcome.MISSED : CustomerRequest.Outcome.AWAITING;
        }
        String responder = response == null ? null : response.agentId();
        return new CustomerRequest(conversationId, customerId, start.seq(), start.at(),
                response == null ? null : response.at(), responder, responseTime,
                resolution == null ? null : resolution.at(), resolution == null ? null : resolution.agentId(),
                resolution == null ? null : hours.between(start.at(), resolution.at()),
                complaint, excluded, outcome, responder != null ? responder : assigneeId);
    }
}
