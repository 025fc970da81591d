package dev.parley.datarights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.http.Json;
import dev.parley.lifecycle.Pacer;
import dev.parley.message.MessageService;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention (issue 19, point 7): every {@code retention.every}, one node of the cluster (the holder
 * of the run's lease) deletes what is past its time, in small batches that each commit their
 * progress and rest as long as they took, like an erasure, so sends keep their pace. The steps:
 * <ol>
 *   <li>{@code messages}: live messages older than {@code retention.messages} days, older than
 *       their business's own setting, or in a conversation idle for
 *       {@code retention.inactive_conversations} days, are deleted for everyone through
 *       {@link MessageService#expire} (text and search entry gone, {@code message.deleted} to the
 *       members, attachments' rows and files gone);</li>
 *   <li>{@code events}: the stored sync events from the oldest message deleted onwards are scanned
 *       once, and any copy of a deleted message in them loses its text, so a sync from 0 cannot
 *       bring it back (events older than that can only hold messages older still, stripped by an
 *       earlier run);</li>
 *   <li>{@code reports}: report snapshots older than {@code safety.report_retention} go.</li>
 * </ol>
 */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final String MESSAGES = "messages";
    static final String EVENTS = "events";
    static final String REPORTS = "reports";
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int EVENT_SCAN = 2_000;
    private static final int REPORT_BATCH = 100;

    /** The report snapshots' own retention, which the moderation feature keeps. */
    public interface Snapshots {
        /** Deletes the snapshots of up to {@code limit} reports closed before {@code before}; answers how many. */
        int expire(Instant before, int limit);
    }

    /** What the run deletes, from the settings. */
    record Policy(int messageDays, int inactiveDays, Duration reports, Duration every, int batch) {}

    private final Database db;
    private final RetentionStore store;
    private final MessageService messages;
    private final Snapshots snapshots;
    private final Policy policy;
    private final Clock clock;
    private final String owner;
    private final ScheduledExecutorService runner;
    private final Pacer pacer;
    private volatile boolean stopping;
    /** What this node's share of the current run did, for its one log line (the runner thread's own). */
    private long runMessages;
    private long runEvents;
    private long runReports;

    Retention(Database db, RetentionStore store, MessageService messages, Snapshots snapshots, Policy policy,
              Clock clock, String owner) {
        this.db = db;
        this.store = store;
        this.messages = messages;
        this.snapshots = snapshots;
        this.policy = policy;
        this.clock = clock;
        this.owner = owner;
        this.runner = Pacer.loop("parley-retention");
        this.pacer = LeasedJobs.pace(runner, this::tick);
    }

    /**
     * Each node asks whether a run is due and unclaimed, every second while one is, else backing off to
     * every 8 s; one node wins it. A run set for
     * later than {@code retention.every} from now (the setting was longer, or retention just switched
     * on) is brought forward, so a changed setting applies from this start, not after the old wait.
     */
    void start() {
        db.writeVoid(h -> store.dueBy(h, clock.instant().plus(policy.every())));
        pacer.start(Duration.ofSeconds(1));
    }

    /** Answers whether a run was claimable. */
    private boolean tick() {
        try {
            return LeasedJobs.workClaimed(db, store, owner, LEASE, clock, () -> stopping, id -> work());
        } catch (RuntimeException e) {
            LOG.warn("retention: a batch failed; it will be retried", e);
            return true;
        }
    }

    private void work() {
        while (!stopping) {
            RetentionStore.State s = db.read(store::state);
            long started = System.nanoTime();
            boolean more = switch (s.step()) {
                case MESSAGES -> messagesBatch(s);
                case EVENTS -> eventsBatch(s);
                case REPORTS -> reportsBatch();
                default -> finish();
            };
            if (!more) {
                return;
            }
            rest(System.nanoTime() - started);
        }
    }

    private boolean messagesBatch(RetentionStore.State s) {
        Instant now = clock.instant();
        List<RetentionStore.Expired> batch = db.read(h ->
                store.expired(h, now, policy.messageDays(), policy.inactiveDays(), policy.batch()));
        if (batch.isEmpty()) {
            RetentionStore.State next = s.oldestDeleted() > 0
                    ? new RetentionStore.State(EVENTS, s.oldestDeleted(), s.oldestDeleted(), "", -1)
                    : new RetentionStore.State(REPORTS, 0, 0, "", 0);
            return advance(next, 0, 0);
        }
        int deleted = messages.expire(batch.stream().map(RetentionStore.Expired::key).toList());
        runMessages += deleted;
        long oldest = batch.stream().mapToLong(RetentionStore.Expired::createdAt).min().orElseThrow();
        if (s.oldestDeleted() > 0) {
            oldest = Math.min(oldest, s.oldestDeleted());
        }
        return advance(new RetentionStore.State(MESSAGES, oldest, 0, "", 0), deleted, 0);
    }

    private boolean eventsBatch(RetentionStore.State s) {
        List<RetentionStore.Event> rows = db.read(h ->
                store.events(h, s.cursorAt(), s.cursorAccount(), s.cursorToken(), EVENT_SCAN));
        Map<RetentionStore.Event, JsonNode> parsed = new LinkedHashMap<>();
        Map<String, Set<Long>> shown = new HashMap<>();
        for (RetentionStore.Event e : rows) {
            if (e.data().contains("\"sender_id\"")) {
                JsonNode tree = Json.read(e.data());
                if (collect(tree, shown)) {
                    parsed.put(e, tree);
                }
            }
        }
        Map<String, Set<Long>> deleted = new HashMap<>();
        if (!shown.isEmpty()) {
            db.read(h -> {
                shown.forEach((c, seqs) -> deleted.put(c, new HashSet<>(store.deletedAmong(h, c, List.copyOf(seqs)))));
                return null;
            });
        }
        List<Map.Entry<RetentionStore.Event, String>> changed = new ArrayList<>();
        parsed.forEach((e, tree) -> {
            if (strip(tree, deleted)) {
                changed.add(Map.entry(e, Json.write(tree)));
            }
        });
        RetentionStore.Event last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        RetentionStore.State next = last == null || rows.size() < EVENT_SCAN
                ? new RetentionStore.State(REPORTS, 0, 0, "", 0)
                : new RetentionStore.State(EVENTS, s.oldestDeleted(), last.at(), last.accountId(), last.token());
        runEvents += changed.size();
        return db.write(h -> {
            changed.forEach(c -> store.setEventData(h, c.getKey(), c.getValue()));
            return store.advance(h, next, 0, changed.size(), owner, clock.instant().plus(LEASE));
        });
    }

    private boolean reportsBatch() {
        int n = snapshots.expire(clock.instant().minus(policy.reports()), REPORT_BATCH);
        runReports += n;
        return n < REPORT_BATCH ? finish() : advance(new RetentionStore.State(REPORTS, 0, 0, "", 0), 0, 0);
    }

    /** The run is over: the next one is due after {@code retention.every}; false, so the worker stops. */
    private boolean finish() {
        db.writeVoid(h -> store.finish(h, owner, clock.instant().plus(policy.every())));
        // One line a run (an operator could not tell whether it ever ran); counts only, never content.
        LOG.info("retention: deleted {} messages past their time (node: {}, inactive conversations: {}), stripped "
                + "their text from {} stored events, deleted {} report snapshots; next run in {}", runMessages,
                policy.messageDays() > 0 ? policy.messageDays() + " days" : "kept for ever",
                policy.inactiveDays() > 0 ? policy.inactiveDays() + " days" : "never", runEvents, runReports,
                dev.parley.config.Durations.spoken(policy.every()));
        runMessages = 0;
        runEvents = 0;
        runReports = 0;
        return false;
    }

    private boolean advance(RetentionStore.State next, long messagesDeleted, long eventsStripped) {
        return db.write(h -> store.advance(h, next, messagesDeleted, eventsStripped, owner,
                clock.instant().plus(LEASE)));
    }

    /** A message as events carry it: its conversation, seq, sender and text. */
    private static boolean isMessage(JsonNode n) {
        return n.isObject() && n.path("conversation_id").isTextual() && n.path("seq").isIntegralNumber()
                && n.path("sender_id").isTextual() && !n.path("text").asText("").isEmpty();
    }

    /** Notes every message with text in an event, by conversation; true if there was one. */
    static boolean collect(JsonNode node, Map<String, Set<Long>> into) {
        boolean found = false;
        if (isMessage(node)) {
            into.computeIfAbsent(node.get("conversation_id").asText(), c -> new HashSet<>()).add(node.get("seq").asLong());
            found = true;
        }
        for (JsonNode child : node) {
            found |= collect(child, into);
        }
        return found;
    }

    /** Blanks each copy of a deleted message in an event, as its {@code message.deleted} shows it; true if any. */
    static boolean strip(JsonNode node, Map<String, Set<Long>> deleted) {
        boolean changed = false;
        if (isMessage(node) && deleted.getOrDefault(node.get("conversation_id").asText(), Set.of())
                .contains(node.get("seq").asLong())) {
            ObjectNode o = (ObjectNode) node;
            o.put("text", "");
            o.put("deleted", true);
            if (o.has("reactions")) {
                o.putObject("reactions");
            }
            o.remove("attachments");
            changed = true;
        }
        for (JsonNode child : node) {
            changed |= strip(child, deleted);
        }
        return changed;
    }

    private void rest(long batchNanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(batchNanos, TimeUnit.SECONDS.toNanos(1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Stops between batches and lets go of the lease, so another node (or this one restarted) goes on. */
    @Override
    public void close() {
        stopping = true;
        runner.shutdown();
        try {
            runner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.writeVoid(h -> store.release(h, owner));
    }
}
