package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --erase N} (issue 19's figure: erasing an account with N messages, its time, and the
 * message rate while it runs as a ratio to without). A fresh password account (the victim) writes
 * N messages over its socket to the run's recipients, many conversations at once so the group
 * commit takes them in batches; the load is measured once without an erasure and once with the
 * victim's {@code DELETE /api/v1/me} sent as its measured period starts; an administrator's token
 * follows the job until it says {@code done}.
 */
final class ErasureRun implements LoadRun.Beside {
    static final String PASSWORD = "bench victim passphrase, not for use";
    /** How long the bench waits for an erasure after the load stopped. */
    static final long WAIT_NANOS = TimeUnit.MINUTES.toNanos(20);

    record Victim(String id, String handle, String token) {}

    /** @param seconds from the request to the job's {@code done}; NaN if it did not finish in time */
    record Result(double seconds, long messagesErased, long eventsStripped, boolean done) {}

    private final Http http;
    private final Victim victim;
    private final String adminToken;
    private final PrintStream log;
    private volatile long requestedAt;
    private final CompletableFuture<Result> result = new CompletableFuture<>();

    ErasureRun(Http http, Victim victim, String adminToken, PrintStream log) {
        this.http = http;
        this.victim = victim;
        this.adminToken = adminToken;
        this.log = log;
    }

    /** Signs up a password account (no other call, so a node caches nothing of it before a grant). */
    static Victim signUp(Http http, String prefix) {
        String handle = prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        JsonNode r = http.call("POST", "/api/v1/accounts", null, Map.of("handle", handle, "password", PASSWORD,
                "display_name", "Bench " + handle)).ok("sign-up");
        return new Victim(r.at("/account/id").asText(), handle, r.get("token").asText());
    }

    /**
     * The victim opens a conversation with each recipient (at most 50) and sends {@code messages}
     * texts over one socket, {@code window} in flight, the conversations in turn.
     */
    static void seed(Http http, Victim v, Population pop, int messages, int size, int window, PrintStream log)
            throws InterruptedException {
        List<String> convs = new ArrayList<>();
        for (Population.Conv c : pop.conversations()) {
            if (convs.size() == 50) {
                break;
            }
            String partner = pop.accounts().get(c.members().get(1)).id();
            convs.add(http.call("POST", "/api/v1/conversations", v.token(), Map.of("member_ids", List.of(partner)))
                    .ok("open a conversation").get("id").asText());
        }
        log.printf("seeding @%s with %,d messages in %d conversations…%n", v.handle(), messages, convs.size());
        String text = "e".repeat(Math.max(1, size));
        AtomicLong next = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        Link[] link = new Link[1];
        Runnable sendOne = () -> {
            long n = next.getAndIncrement();
            if (n < messages) {
                link[0].send("{\"type\":\"send\",\"conversation_id\":\"" + convs.get((int) (n % convs.size()))
                        + "\",\"client_id\":\"seed-" + v.handle() + "-" + n + "\",\"text\":\"" + text + "\"}");
            }
        };
        HttpClient client = Link.clients(1)[0];
        link[0] = Link.open(client, http.wsUrl(), v.token(), frame -> {
            boolean sent = frame.startsWith("{\"type\":\"sent\"");
            if (!sent && !frame.startsWith("{\"type\":\"error\"")) {
                return;
            }
            if (!sent) {
                refused.incrementAndGet();
            }
            if (answered.incrementAndGet() == messages) {
                all.countDown();
            }
            sendOne.run();
        }).join();
        long start = System.nanoTime();
        for (int i = 0; i < window; i++) {
            sendOne.run();
        }
        while (!all.await(10, TimeUnit.SECONDS)) {
            if (link[0].closed) {
                throw new IllegalStateException("the victim's socket closed while seeding");
            }
            log.printf("  %,d of %,d written%n", answered.get(), messages);
        }
        link[0].close();
        log.printf("seeded %,d messages in %.1f s (%,d refused)%n", messages, (System.nanoTime() - start) / 1e9,
                refused.get());
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " seed messages were refused; is rate_limits off?");
        }
    }

    /**
     * The erasure starts with the measured period, which then lasts until the job is done (or
     * {@code --duration}, whichever comes first), so the rate beside it covers the erasure only.
     */
    @Override
    public void measuring(LoadRun run) {
        requestedAt = System.nanoTime();
        String job = http.call("DELETE", "/api/v1/me", victim.token(), Map.of("password", PASSWORD))
                .ok("erase the victim").get("id").asText();
        log.println("erasure " + job + " requested");
        Thread poller = new Thread(() -> {
            try {
                Result r = follow(job);
                run.endMeasuring();
                result.complete(r);
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        }, "bench-erasure-poller");
        poller.setDaemon(true);
        poller.start();
    }

    /** Waits for the job as long as {@link #WAIT_NANOS} after the request. */
    Result await() throws Exception {
        return result.get(WAIT_NANOS + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
    }

    /** Follows the job (every 250 ms) until it is done or the wait runs out. */
    private Result follow(String jobId) throws InterruptedException {
        long until = requestedAt + WAIT_NANOS;
        JsonNode job = null;
        while (System.nanoTime() < until) {
            job = http.call("GET", "/api/v1/admin/erasures/" + jobId, adminToken, null).ok("follow the erasure");
            if ("done".equals(job.path("status").asText())) {
                double seconds = (System.nanoTime() - requestedAt) / 1e9;
                return new Result(seconds, field(job, "messages_erased"), field(job, "events_stripped"), true);
            }
            Thread.sleep(250);
        }
        log.println("the erasure did not finish in time: " + job);
        return new Result(Double.NaN, job == null ? 0 : field(job, "messages_erased"),
                job == null ? 0 : field(job, "events_stripped"), false);
    }

    private static long field(JsonNode job, String name) {
        return job.path(name).asLong();
    }
}
