package dev.parley.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.event.Event;
import dev.parley.event.EventSink;
import dev.parley.event.EventStore;
import dev.parley.event.EventTypes;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a business's events to its bots as signed webhooks, in order, at least once.
 *
 * @implNote What to deliver is read from the business's event log after each bot's cursor, not
 * from an in-memory queue: an event committed just before a crash is delivered after the restart,
 * and retries need no queue of their own. A failing receiver is retried with exponential backoff
 * (the state is in the delivery log, so it survives restarts too) and holds back the bot's later
 * events, so a bot sees them in order. After {@link #MAX_ATTEMPTS} the event is given up and logged.
 */
public final class WebhookDispatcher implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    public static final int MAX_ATTEMPTS = 8;
    private static final int PAGE = 50;

    private final BotStore bots;
    private final EventStore events;
    private final WebhookTargets targets;
    private final Clock clock;
    private final Duration retryBase;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ScheduledExecutorService loop;
    private final Set<String> businessesWithBots = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pumping = new AtomicBoolean();

    public WebhookDispatcher(BotStore bots, EventStore events, WebhookTargets targets, Clock clock, Duration retryBase) {
        this.bots = bots;
        this.events = events;
        this.targets = targets;
        this.clock = clock;
        this.retryBase = retryBase;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts delivering, picking up where the bots' cursors and the delivery log left off. */
    public void start() {
        refresh();
        loop.scheduleWithFixedDelay(this::pump, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** Call after bots were added or removed. */
    public void refresh() {
        Set<String> now = ConcurrentHashMap.newKeySet();
        bots.all().forEach(b -> now.add(b.businessId()));
        businessesWithBots.retainAll(now);
        businessesWithBots.addAll(now);
    }

    @Override
    public void committed(List<Event> committed) {
        for (Event e : committed) {
            if (businessesWithBots.contains(e.accountId())) {
                loop.execute(this::pump);
                return;
            }
        }
    }

    private void pump() {
        if (businessesWithBots.isEmpty() || !pumping.compareAndSet(false, true)) {
            return;
        }
        try {
            for (BotStore.Bot bot : bots.all()) {
                deliverFor(bot);
            }
        } catch (RuntimeException e) {
            LOG.warn("webhook delivery pass failed", e);
        } finally {
            pumping.set(false);
        }
    }

    private void deliverFor(BotStore.Bot bot) {
        List<Event> pending;
        try {
            pending = events.since(bot.businessId(), bot.cursor(), PAGE);
        } catch (ApiException reset) {
            bots.advance(bot.id(), events.current(bot.businessId())); // the log was pruned past the cursor
            return;
        }
        for (Event e : pending) {
            if (deliverable(bot, e) && !attempt(bot, e)) {
                return; // waiting to retry: later events wait too, so the bot sees them in order
            }
            bots.advance(bot.id(), e.token());
        }
    }

    /**
     * A bot hears everything of its business except the business's own messages, and except the
     * shared inbox's bookkeeping for its agents' screens: internal notes stay with the team (a
     * webhook leaves the server), and inbox.updated is the agents' view, not something a customer did.
     */
    private static boolean deliverable(BotStore.Bot bot, Event e) {
        if (EventTypes.INBOX_UPDATED.equals(e.type()) || EventTypes.NOTE_CREATED.equals(e.type())) {
            return false;
        }
        if (!e.type().startsWith("message.")) {
            return true;
        }
        try {
            JsonNode data = Json.MAPPER.readTree(e.data());
            return !bot.businessId().equals(data.at("/message/sender_id").asText());
        } catch (IOException ex) {
            return true;
        }
    }

    /** @return true when this event is done with (delivered or given up), false to wait for a retry */
    private boolean attempt(BotStore.Bot bot, Event e) {
        Optional<BotStore.Attempt> previous = bots.attempt(bot.id(), e.token());
        Instant now = clock.instant();
        if (previous.isPresent()) {
            if (!"pending".equals(previous.get().status())) {
                return true;
            }
            if (now.isBefore(previous.get().nextAttemptAt())) {
                return false;
            }
        }
        int attempts = previous.map(BotStore.Attempt::attempts).orElse(0) + 1;
        String body = body(bot, e);
        Integer status = null;
        String error = null;
        try {
            URI target = targets.check(bot.url());
            long ts = now.getEpochSecond();
            HttpRequest req = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Parley-Webhooks/1")
                    .header(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(ts))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(bot.secret(), ts, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                bots.recordAttempt(bot.id(), e.token(), e.type(), body, previous.isEmpty(), "delivered", now, status, null, now);
                return true;
            }
            error = "HTTP " + status;
        } catch (ApiException refused) {
            error = refused.detail();
        } catch (IOException ex) {
            error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        boolean giveUp = attempts >= MAX_ATTEMPTS;
        Instant next = now.plus(backoff(attempts));
        bots.recordAttempt(bot.id(), e.token(), e.type(), body, previous.isEmpty(), giveUp ? "failed" : "pending", next,
                status, error, now);
        return giveUp;
    }

    /** base, 2×base, 4×base … capped at an hour. */
    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration d = retryBase.multipliedBy(factor);
        return d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d;
    }

    private static String body(BotStore.Bot bot, Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bot_id", bot.id());
        m.put("business_id", bot.businessId());
        m.put("event", e);
        return Json.write(m);
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
