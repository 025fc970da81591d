package dev.parley.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * One call's (or one stream outage's) way through the nodes. A failed attempt moves to the next
 * node at once; when every node has failed in a round, the next round starts after a
 * {@link Backoff} wait. It stops after {@code retries} more attempts, or when no round may start
 * within the backoff's budget, and then says in one line what each node answered.
 *
 * @implNote Not thread-safe: one call, or one stream's reconnecting (one attempt at a time), owns it.
 */
final class Attempts {
    private final Endpoints endpoints;
    private final Backoff backoff;
    private final int retries;
    private final long startedAt = System.nanoTime();
    /** The last failure seen at each node, in the order they were tried. */
    private final Map<String, String> failures = new LinkedHashMap<>();
    private int node;
    private int made = 1;
    private int inRound = 1;
    private int round;

    /** @param start the node of the first attempt (already made, or about to be) */
    Attempts(Endpoints endpoints, Backoff backoff, int retries, int start) {
        this.endpoints = endpoints;
        this.backoff = backoff;
        this.retries = retries;
        this.node = start;
    }

    /** The node the current attempt goes to. */
    int node() {
        return node;
    }

    /** Attempts made so far, the current one included. */
    int made() {
        return made;
    }

    /**
     * The current attempt failed: moves on to the next node and answers how long to wait before
     * trying it (0 within a round), or nothing when out of attempts or time.
     *
     * @param atLeast the node's own Retry-After, if it gave one (waiting less would be refused again)
     */
    OptionalLong failed(String why, Duration atLeast) {
        failures.remove(endpoints.base(node));
        failures.put(endpoints.base(node), why);
        endpoints.failed(node);
        if (made > retries) {
            return OptionalLong.empty();
        }
        long wait = 0;
        if (inRound >= endpoints.size()) {
            long left = backoff.budget().toMillis() - (System.nanoTime() - startedAt) / 1_000_000;
            if (left <= 0 || atLeast.toMillis() > left) {
                return OptionalLong.empty();
            }
            round++;
            inRound = 0;
            wait = Math.min(left, Math.max(atLeast.toMillis(), backoff.waitMillis(round)));
        }
        node = (node + 1) % endpoints.size();
        inRound++;
        made++;
        return OptionalLong.of(wait);
    }

    /** {@link #failed}, then the wait slept on this thread: false when there is no next attempt. */
    boolean awaitNext(String why, Duration atLeast) {
        OptionalLong wait = failed(why, atLeast);
        if (wait.isEmpty()) {
            return false;
        }
        try {
            Thread.sleep(wait.getAsLong());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting to try again"));
        }
        return true;
    }

    /** E.g. "node unreachable after 3 attempt(s) (http://a:8080: connection refused; http://b:8080: timed out)". */
    String summary() {
        String each = failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
        return (endpoints.size() == 1 ? "node unreachable" : "no node reachable") + " after " + made
                + " attempt(s) (" + each + ")";
    }

    /** Whether the request provably never reached a node, so even a call not safe to repeat may go to another. */
    static boolean neverSent(Throwable e) {
        Throwable c = unwrap(e);
        return c instanceof ConnectException || c instanceof HttpConnectTimeoutException;
    }

    /** A failure in a user's words: "connection refused", "timed out", "connection reset". */
    static String why(Throwable e) {
        Throwable c = unwrap(e);
        if (c instanceof ConnectException) {
            return "connection refused";
        }
        if (c instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (c instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        String m = c.getMessage();
        if (c instanceof IOException && (m == null || m.isBlank())) {
            return "connection lost";
        }
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }

    static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
