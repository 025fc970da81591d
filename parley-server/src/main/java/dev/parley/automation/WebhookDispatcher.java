package dev.parley.automation;

import dev.parley.lifecycle.Pacer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.event.Event;
import dev.parley.event.EventSink;
import dev.parley.event.EventStore;
import dev.parley.event.EventTypes;
import dev.parley.http.ApiException;
import dev.parley.http.Json;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a business's events to its bots as signed webhooks, in order, at least once, and in a
 * cluster from one node at a time.
 *
 * @implNote What to deliver is read from the business's event log after each bot's cursor, not
 * from an in-memory queue: an event committed just before a crash is delivered after the restart,
 * and retries need no queue of their own. A failing receiver is retried with exponential backoff
 * (the state is in the delivery log, so it survives restarts too) and holds back the bot's later
 * events, so a bot sees them in order. After {@link #MAX_ATTEMPTS} the event is given up and logged.
 *
 * <p>Every node runs a dispatcher and polls every bot, so a bot must not be delivered by two at
 * once. A node delivers a bot's events only while it holds the bot's lease in the store
 * ({@link BotStore#claim}: one conditional UPDATE, so exactly one node wins), and reads the cursor
 * only once it holds it. It renews the lease before an attempt once half of it is gone, and an
 * attempt is cut off after a third of the lease, so the holder finishes each attempt while its
 * lease still stands and no other node can start the same event meanwhile. The log line and the
 * cursor move are fenced by the lease in one transaction: a node that lost its lease (it stalled
 * past the lease, say) writes nothing and stops. A node that dies stops renewing; once the lease
 * runs out another node claims it and continues from the cursor, so an event the dead node was
 * sending is sent again: delivery stays at least once, and exactly once while nodes live. A
 * graceful stop gives the leases back at once. Lease times use the injected clock; nodes' clocks
 * must agree to well within a third of the lease. On SQLite (one node) the same code runs and
 * the lease is always this node's.
 */
public final class WebhookDispatcher implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    public static final int MAX_ATTEMPTS = 8;
    private static final int PAGE = 50;
    /** The longest one attempt may take, whatever the lease. */
    private static final Duration MAX_ATTEMPT = Duration.ofSeconds(10);

    private final BotStore bots;
    private final EventStore events;
    private final OutboundClient http;
    private final Clock clock;
    private final Duration retryBase;
    private final String owner;
    private final Duration lease;
    private final Duration attemptLimit;
    private final ScheduledExecutorService loop;
    /** Every 200 ms while a bot has something to deliver; backing off to 2 s while none has. */
    private final Pacer pacer;
    private final Set<String> businessesWithBots = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pumping = new AtomicBoolean();
    /** The bots this node holds, each until when by this node's clock: a pass renews only once half is gone. */
    private final Map<String, Instant> holding = new ConcurrentHashMap<>();

    /**
     * @param owner this node's name on the leases it holds: unique among the running nodes
     * @param lease how long a claimed bot stays this node's without renewal (how soon another node
     *              takes over when this one dies)
     */
    public WebhookDispatcher(BotStore bots, EventStore events, OutboundClient http, Clock clock, Duration retryBase,
                             String owner, Duration lease) {
        this.bots = bots;
        this.events = events;
        this.http = http;
        this.clock = clock;
        this.retryBase = retryBase;
        this.owner = owner;
        this.lease = lease;
        Duration third = lease.dividedBy(3);
        this.attemptLimit = third.compareTo(MAX_ATTEMPT) < 0 ? third : MAX_ATTEMPT;
        this.loop = Pacer.loop("parley-webhooks");
        this.pacer = new Pacer(loop, Duration.ofMillis(200), Pacer.IDLE, this::pump);
    }

    /** Starts delivering, picking up where the bots' cursors and the delivery log left off. */
    public void start() {
        refresh();
        pacer.start(Duration.ofMillis(200));
    }

    /** Call after bots were added or removed. */
    public void refresh() {
        known(bots.all());
    }

    /** Which businesses have bots: a commit of theirs starts a pass at once. */
    private void known(List<BotStore.Bot> all) {
        Set<String> now = ConcurrentHashMap.newKeySet();
        all.forEach(b -> now.add(b.businessId()));
        businessesWithBots.retainAll(now);
        businessesWithBots.addAll(now);
    }

    @Override
    public void committed(List<Event> committed) {
        for (Event e : committed) {
            if (businessesWithBots.contains(e.accountId())) {
                pacer.kick(); // stopping: whichever node holds the bot next delivers it from the cursor
                return;
            }
        }
    }

    /** One pass over every bot; answers whether any had events to deliver or a retry waiting. */
    private boolean pump() {
        if (!pumping.compareAndSet(false, true)) {
            return true;
        }
        boolean found = false;
        try {
            // Each pass reads the bots afresh, and with them which businesses have any: a bot
            // registered through another node is known here within a pass, not at the next start.
            List<BotStore.Bot> all = bots.all();
            known(all);
            for (BotStore.Bot bot : all) {
                found |= deliverFor(bot);
            }
        } catch (RuntimeException e) {
            LOG.warn("webhook delivery pass failed", e);
            return true;
        } finally {
            pumping.set(false);
        }
        return found;
    }

    /** This node's hold on one bot during a pass: until when, by this node's clock. */
    private final class Hold {
        final BotStore.Bot bot;
        Instant until;

        Hold(BotStore.Bot bot, Instant until) {
            this.bot = bot;
            this.until = until;
        }

        /** Renews once half the lease is gone, so an attempt (at most a third) ends inside it. */
        boolean keep() {
            Instant now = clock.instant();
            if (firm(now, until)) {
                return true;
            }
            Instant next = now.plus(lease);
            if (!bots.renew(bot.id(), owner, next)) {
                lost(bot.id());
                return false;
            }
            until = next;
            holding.put(bot.id(), next);
            return true;
        }
    }

    /** At least half the lease left: an attempt started now ends well inside it. */
    private boolean firm(Instant now, Instant until) {
        return Duration.between(now, until).compareTo(lease.dividedBy(2)) >= 0;
    }

    private void lost(String botId) {
        holding.remove(botId);
        LOG.info("lost the webhook lease of bot {}; another node delivers it", botId);
    }

    private boolean deliverFor(BotStore.Bot listed) {
        // A look without a write first: most passes find nothing new, and need no lease for that.
        Optional<List<Event>> pending = pending(listed, listed.cursor());
        if (pending.map(List::isEmpty).orElse(false)) {
            return false;
        }
        Instant now = clock.instant();
        Instant held = holding.get(listed.id());
        BotStore.Bot bot = listed;
        if (held == null || !firm(now, held)) {
            held = now.plus(lease);
            OptionalLong cursor = bots.claim(listed.id(), owner, now, held);
            if (cursor.isEmpty()) {
                holding.remove(listed.id());
                return true; // another node holds this bot
            }
            holding.put(listed.id(), held);
            // The cursor as the last holder left it: the list read before the claim may be behind it.
            // (While this node holds the lease throughout, the list, read after its last write, is not.)
            if (cursor.getAsLong() != listed.cursor()) {
                bot = new BotStore.Bot(listed.id(), listed.businessId(), listed.name(), listed.url(), listed.secret(),
                        cursor.getAsLong(), listed.createdAt());
                pending = pending(bot, bot.cursor());
            }
        }
        Hold hold = new Hold(bot, held);
        if (pending.isEmpty()) {
            bots.advance(bot.id(), owner, events.current(bot.businessId())); // the log was pruned past the cursor
            return true;
        }
        long passed = 0; // the last event passed over since the cursor last moved: one write for a run of them
        for (Event e : pending.get()) {
            if (!deliverable(bot, e)) {
                passed = e.token();
                continue;
            }
            if (!hold.keep()) {
                return true;
            }
            Outcome o = attempt(bot, e);
            if (o == Outcome.LOST) {
                return true;
            }
            if (o == Outcome.WAIT) {
                moveOn(bot, passed);
                return true; // waiting to retry: later events wait too, so the bot sees them in order
            }
            passed = o == Outcome.DONE ? 0 : e.token(); // DONE moved the cursor with the log line
        }
        moveOn(bot, passed);
        return true;
    }

    private void moveOn(BotStore.Bot bot, long token) {
        if (token > 0 && !bots.advance(bot.id(), owner, token)) {
            lost(bot.id());
        }
    }

    /** The events after {@code cursor}; empty when the log was pruned past it. */
    private Optional<List<Event>> pending(BotStore.Bot bot, long cursor) {
        try {
            return Optional.of(events.since(bot.businessId(), cursor, PAGE));
        } catch (ApiException reset) {
            return Optional.empty();
        }
    }

    /**
     * A bot hears everything of its business except the business's own messages and system lines, and except the
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
            return !bot.businessId().equals(data.at("/message/sender_id").asText())
                    && !"system".equals(data.at("/message/author_kind").asText()); // "Ann added Bob" asks no answer
        } catch (IOException ex) {
            return true;
        }
    }

    /** What became of one event: DONE (delivered or given up, cursor moved), WAIT for a retry, or LOST the lease. */
    private enum Outcome { DONE, ALREADY_DONE, WAIT, LOST }

    private Outcome attempt(BotStore.Bot bot, Event e) {
        Optional<BotStore.Attempt> previous = bots.attempt(bot.id(), e.token());
        Instant now = clock.instant();
        if (previous.isPresent()) {
            if (!"pending".equals(previous.get().status())) {
                return Outcome.ALREADY_DONE; // logged, but the cursor did not move (an older version's crash)
            }
            if (now.isBefore(previous.get().nextAttemptAt())) {
                return Outcome.WAIT;
            }
        }
        int attempts = previous.map(BotStore.Attempt::attempts).orElse(0) + 1;
        String body = body(bot, e);
        Integer status = null;
        String error = null;
        try {
            long ts = now.getEpochSecond();
            // The outbound client checks the URL and every address of its host again (a name can
            // come to resolve elsewhere after registration), follows no redirect, and cuts the
            // exchange off after attemptLimit so it never outlives the lease it started under.
            status = http.post(bot.url(), Map.of(
                    "Content-Type", "application/json",
                    "User-Agent", "Parley-Webhooks/1",
                    WebhookSignature.TIMESTAMP_HEADER, String.valueOf(ts),
                    WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(bot.secret(), ts, body)),
                    body, attemptLimit).status();
            if (status >= 200 && status < 300) {
                return recorded(bot.id(), e, body, previous.isEmpty(), "delivered", now, status, null, now);
            }
            error = "HTTP " + status;
        } catch (OutboundClient.Refused refused) {
            error = "refused: " + refused.getMessage();
        } catch (IOException ex) {
            error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Outcome.WAIT;
        }
        boolean giveUp = attempts >= MAX_ATTEMPTS;
        Instant next = now.plus(backoff(attempts));
        return recorded(bot.id(), e, body, previous.isEmpty(), giveUp ? "failed" : "pending", next, status, error, now);
    }

    private Outcome recorded(String botId, Event e, String body, boolean first, String status, Instant next,
                             Integer httpStatus, String error, Instant now) {
        if (!bots.recordAttempt(botId, owner, e.token(), e.type(), body, first, status, next, httpStatus, error, now)) {
            lost(botId);
            return Outcome.LOST;
        }
        return "pending".equals(status) ? Outcome.WAIT : Outcome.DONE;
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

    /** Stops delivering, then gives this node's leases back so another node continues at once. */
    @Override
    public void close() {
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("webhook delivery did not stop in time; its leases run out instead of being given back");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            bots.release(owner);
        } catch (RuntimeException e) {
            LOG.warn("could not give back the webhook leases; they run out instead", e);
        }
    }
}
