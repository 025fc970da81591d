package dev.parley.appevents;

import dev.parley.automation.WebhookSignature;
import dev.parley.http.Json;
import dev.parley.lifecycle.Pacer;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes each app's feed to its webhook as numbered transactions, in order, at least once, from
 * one node at a time.
 *
 * @implNote A transaction is made from the events after the webhook's cursor (up to {@link #BATCH},
 * those of the types it asked for) and stored with its id before the first attempt; every retry
 * sends those stored bytes under the same id, until the app answers 2xx, after a restart too. Only
 * then does the cursor move and the next transaction get the next id. Retries back off
 * exponentially from {@code retryBase}, capped at {@code retryMax}; they never give up (the app
 * can delete its webhook, or read the feed instead). Every node runs a dispatcher; a node works on
 * an app's webhook only while it holds its lease row, and each write of progress is fenced by it.
 * Delivery runs on its own thread: the send path only nudges it.
 */
final class AppWebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppWebhookDispatcher.class);
    static final int BATCH = 100;
    public static final String TXN_HEADER = "X-Parley-Txn-Id";
    private static final Duration MAX_ATTEMPT = Duration.ofSeconds(10);

    private final AppWebhookStore hooks;
    private final AppEventStore events;
    private final OutboundClient http;
    private final Clock clock;
    private final Duration retryBase;
    private final Duration retryMax;
    private final String owner;
    private final Duration lease;
    private final Duration attemptLimit;
    private final ScheduledExecutorService loop = Pacer.loop("parley-app-webhooks");
    /** Every 200 ms while there is something to deliver; backing off to 2 s while there is none. */
    private final Pacer pacer = new Pacer(loop, Duration.ofMillis(200), Pacer.IDLE, this::pump);
    private final AtomicBoolean pumping = new AtomicBoolean();
    /** The apps that had a webhook at the last pass (null before the first): the others are not nudged. */
    private volatile Set<String> hooked;

    /** The timing of delivery: retry backoff (first delay, cap) and the cluster lease. */
    record Timing(Duration retryBase, Duration retryMax, Duration lease) {}

    AppWebhookDispatcher(AppWebhookStore hooks, AppEventStore events, OutboundClient http, Clock clock, Timing timing,
                         String owner) {
        this.hooks = hooks;
        this.events = events;
        this.http = http;
        this.clock = clock;
        this.retryBase = timing.retryBase();
        this.retryMax = timing.retryMax();
        this.lease = timing.lease();
        this.owner = owner;
        Duration third = lease.dividedBy(3);
        this.attemptLimit = third.compareTo(MAX_ATTEMPT) < 0 ? third : MAX_ATTEMPT;
    }

    void start() {
        pacer.start(Duration.ofMillis(200));
    }

    /**
     * An app's feed moved: look now rather than at the next tick, if the app had a webhook at the
     * last pass. Every commit of an app's users ends here, and a pass reads the webhooks table,
     * so an app without one costs no read per commit; a webhook set on this node starts a pass, one
     * set through another node is found by a later pass (within {@link Pacer#IDLE}) and delivered
     * from its stored progress.
     */
    void nudge(String appId) {
        Set<String> known = hooked;
        if (known == null || known.contains(appId)) {
            nudge();
        }
    }

    /** Looks now rather than at the next tick. */
    void nudge() {
        pacer.kick();
    }

    /** One pass over every app's webhook; answers whether any had something to deliver. */
    private boolean pump() {
        if (!pumping.compareAndSet(false, true)) {
            return true;
        }
        boolean found = false;
        try {
            List<AppWebhookStore.Hook> all = hooks.all();
            hooked = all.stream().map(AppWebhookStore.Hook::appId).collect(Collectors.toUnmodifiableSet());
            for (AppWebhookStore.Hook hook : all) {
                found |= deliver(hook);
            }
        } catch (RuntimeException e) {
            LOG.warn("app webhook delivery pass failed", e);
            return true;
        } finally {
            pumping.set(false);
        }
        return found;
    }

    private boolean deliver(AppWebhookStore.Hook listed) {
        AppWebhookStore.Hook hook = listed;
        Instant now = clock.instant();
        if (hook.txnBody() == null) {
            List<AppEvent> next = events.after(hook.appId(), hook.deliveredThrough(), BATCH);
            if (next.isEmpty()) {
                return false;
            }
            if (!hooks.claim(hook.appId(), owner, now, now.plus(lease))) {
                return true; // another node holds it: looked at again at the busy pace
            }
            long last = next.get(next.size() - 1).id();
            List<AppEvent> wanted = next.stream().filter(e -> listed.wants(e.type())).toList();
            if (wanted.isEmpty()) {
                hooks.skip(hook.appId(), owner, last);
                return true;
            }
            if (!hooks.open(hook.appId(), owner, last, body(hook, wanted))) {
                return true; // another node opened it meanwhile
            }
            hook = hooks.get(hook.appId()).orElse(null);
            if (hook == null || hook.txnBody() == null) {
                return true;
            }
        } else if (now.isBefore(hook.nextAttemptAt()) || !hooks.claim(hook.appId(), owner, now, now.plus(lease))) {
            return true; // a retry is waiting: its time is looked for at the busy pace
        }
        attempt(hook, now);
        return true;
    }

    private static String body(AppWebhookStore.Hook hook, List<AppEvent> wanted) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("txn_id", String.valueOf(hook.txnId() + 1)); // the id OPEN gives it
        body.put("app_id", hook.appId());
        body.put("events", wanted);
        return Json.write(body);
    }

    private void attempt(AppWebhookStore.Hook hook, Instant now) {
        Integer status = null;
        String error;
        try {
            long ts = now.getEpochSecond();
            status = http.post(hook.url(), Map.of(
                    "Content-Type", "application/json",
                    "User-Agent", "Parley-App-Webhooks/1",
                    TXN_HEADER, String.valueOf(hook.txnId()),
                    WebhookSignature.TIMESTAMP_HEADER, String.valueOf(ts),
                    WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(hook.secret(), ts, hook.txnBody())),
                    hook.txnBody(), attemptLimit).status();
            if (status >= 200 && status < 300) {
                hooks.done(hook.appId(), owner, hook.txnId(), status);
                nudge(); // more may be waiting behind this transaction
                return;
            }
            error = "HTTP " + status;
        } catch (OutboundClient.Refused refused) {
            error = "refused: " + refused.getMessage();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        hooks.failed(hook.appId(), owner, hook.txnId(), clock.instant().plus(backoff(hook.attempts() + 1)), status,
                error);
    }

    /** base, 2×base, 4×base … capped at {@code retryMax}. */
    Duration backoff(long attempts) {
        Duration d = retryBase.multipliedBy(1L << Math.min(attempts - 1, 30));
        return d.compareTo(retryMax) > 0 ? retryMax : d;
    }

    /** Stops delivering and gives this node's leases back, so another node continues at once. */
    @Override
    public void close() {
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                return; // the leases run out instead
            }
            hooks.release(owner);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("could not give back the app webhook leases; they run out instead", e);
        }
    }
}
