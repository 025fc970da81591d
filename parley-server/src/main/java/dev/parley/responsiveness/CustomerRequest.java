package dev.parley.responsiveness;

import java.time.Duration;
import java.time.Instant;

/**
 * One request of a customer (see {@link Timeline}) and how the business handled it. Durations
 * count open hours only.
 *
 * @param responderId    the person who wrote the first reply, else null
 * @param responseTime   from the customer's message to that reply, else null
 * @param resolutionTime from the customer's message to the resolution, else null
 * @param ownerId        whose request it is in the per-agent figures: the responder's, else the
 *                       conversation's assignee's (an unanswered request counts against them)
 */
public record CustomerRequest(String conversationId, String customerId, long startSeq, Instant startedAt,
                              Instant firstResponseAt, String responderId, Duration responseTime,
                              Instant resolvedAt, String resolverId, Duration resolutionTime,
                              boolean complaint, Timeline.Exclusion excluded, Outcome outcome, String ownerId) {

    /**
     * RESPONDED: a person answered within {@link Timeline#RESPONSE_WINDOW}; MISSED: later or not
     * at all with the window past; AWAITING: no answer yet, and the window is not over.
     */
    public enum Outcome { RESPONDED, MISSED, AWAITING }

    public boolean counted() {
        return excluded == Timeline.Exclusion.NONE;
    }
}
