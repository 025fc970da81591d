package dev.parley.datarights;

import java.time.Instant;

/**
 * One erasure as stored: what is left ({@code step}, and for the event scan a cursor), progress,
 * and when the handle is freed.
 */
record ErasureJob(String id, String accountId, String requestedBy, String appId, String externalId, String status,
                  String step, String cursorAccount, long cursorToken, long messagesErased, long eventsStripped,
                  Instant handleReleaseAt, boolean handleReleased, Instant createdAt, Instant finishedAt) {
    static final String RUNNING = "running";
    static final String DONE = "done";

    /** What an administrator sees of a job (the erased person can no longer sign in to ask). */
    record View(String id, String accountId, String status, String step, long messagesErased, long eventsStripped,
                Instant createdAt, Instant finishedAt, Instant handleReleaseAt) {}

    View view() {
        return new View(id, accountId, status, step, messagesErased, eventsStripped, createdAt, finishedAt,
                handleReleaseAt);
    }

    /** The 202 body: the erasure is accepted and under way. */
    record Accepted(String id, String status) {}

    Accepted accepted() {
        return new Accepted(id, status);
    }
}
