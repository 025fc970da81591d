package dev.parley.filters;

import dev.parley.http.ApiException;
import dev.parley.message.SendScreen;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's filters: managed by administrators, kept compiled in memory ({@link FilterSet}) and
 * applied to the text of every message and edit a person or an agent writes (automation is
 * not screened). {@code block} refuses the send with 422 {@code message_filtered}, naming the
 * kind of rule but not the rule, so the list does not leak; {@code shadow} delivers to no one but
 * the sender (the shadow-ban mechanism, per message); {@code flag} delivers and opens a report by
 * the system in the moderators' queue.
 *
 * @implNote Each node reloads when the store's {@code filters_version} moves, which it reads at
 * most once per {@code filters.recheck} on a sending thread; one thread rebuilds while the
 * others keep matching with the set they have. A change on this node is seen by its next send.
 */
public final class NodeFilters implements SendScreen {
    private static final Logger LOG = LoggerFactory.getLogger(NodeFilters.class);
    static final int MAX_PATTERN = 500;

    private final Database db;
    private final FilterStore store = new FilterStore();
    private final BiConsumer<String, String> flag;
    private final Executor background;
    private final Clock clock;
    private final long recheckMillis;
    private final long regexBudget;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile FilterSet set = FilterSet.EMPTY;
    private volatile long version = -1;
    private volatile long checkedAt;
    /** Set by a change on this node (and at start): the next send reloads whatever the time. */
    private volatile boolean stale = true;

    /**
     * @param flag       opens a report by the system: (message id, note for the moderators)
     * @param background where reports are opened, off the sending thread
     * @param regexSteps the most characters one regex may read matching one message
     */
    public NodeFilters(Database db, BiConsumer<String, String> flag, Executor background, Clock clock,
                       Duration recheck, long regexSteps) {
        this.db = db;
        this.flag = flag;
        this.background = background;
        this.clock = clock;
        this.recheckMillis = recheck.toMillis();
        this.regexBudget = regexSteps;
    }

    @Override
    public Verdict screen(String senderId, String agentId, boolean automated, String text) {
        if (automated || text == null || text.isEmpty()) {
            return Verdict.DELIVER;
        }
        FilterSet.Outcome o = current().match(text);
        if (o.clean()) {
            return Verdict.DELIVER;
        }
        if (o.blockedBy() != null) {
            String kind = o.blockedBy().kind();
            throw new ApiException(422, "message_filtered", "Message not sent",
                    "This message was not sent: it contains " + describe(kind) + " this server does not allow.",
                    Map.of("rule_kind", kind));
        }
        List<AfterSent> after = o.flags().isEmpty() ? List.of()
                : List.of(id -> background.execute(() -> report(id, String.join("\n", o.flags()))));
        return new Verdict(o.shadowedBy() != null, after);
    }

    private void report(String messageId, String note) {
        try {
            flag.accept(messageId, note);
        } catch (RuntimeException e) {
            LOG.warn("could not report message {} a filter flagged", messageId, e);
        }
    }

    private static String describe(String kind) {
        return switch (kind) {
            case FilterEntry.WORD -> "a word or phrase";
            case FilterEntry.DOMAIN -> "a link";
            case FilterEntry.EMAIL -> "an e-mail address";
            default -> "text";
        };
    }

    /** The compiled filters, reloaded first if the store says they changed (checked at most once per recheck). */
    FilterSet current() {
        long now = clock.millis();
        if ((stale || now - checkedAt >= recheckMillis) && reloading.tryLock()) {
            try {
                if (stale || now - checkedAt >= recheckMillis) {
                    stale = false;
                    long v = db.read(store::version);
                    if (v != version) {
                        set = compile(db.read(store::all));
                        version = v;
                    }
                    checkedAt = now;
                }
            } catch (RuntimeException e) {
                LOG.warn("could not reload the node's filters; keeping the ones loaded", e);
                checkedAt = now;
            } finally {
                reloading.unlock();
            }
        }
        return set;
    }

    private FilterSet compile(List<FilterEntry> entries) {
        List<FilterEntry> usable = new ArrayList<>();
        List<Pattern> regexes = new ArrayList<>();
        for (FilterEntry e : entries) {
            if (FilterEntry.REGEX.equals(e.kind())) {
                try {
                    regexes.add(Pattern.compile(e.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
                } catch (RuntimeException bad) {
                    continue; // checked when added; never fail every send for one stored row
                }
            }
            usable.add(e);
        }
        return new FilterSet(usable, regexes, regexBudget);
    }

    /** A filter as given: kind, pattern, action. */
    public record Draft(String kind, String pattern, String action) {}

    /** Checks and adds one filter; 422 with a stable code when it is unusable, 409 when it exists. */
    public FilterEntry add(String actorId, Draft d) {
        FilterEntry e = checked(actorId, d);
        db.write(h -> {
            if (store.exists(h, e.kind(), e.pattern())) {
                throw new ApiException(409, "filter_exists", "Conflict", "This " + e.kind() + " filter exists already.");
            }
            store.insert(h, e);
            store.bump(h);
            return null;
        });
        stale = true; // this node's next send reloads
        return e;
    }

    /** Checks one filter as {@link #add} would, without adding it: 422 when it is unusable. */
    public void check(Draft d) {
        checked("check", d);
    }

    /** Adds many in one transaction (the CLI's import), skipping ones that exist; answers how many were added. */
    public int addAll(String actorId, List<Draft> drafts) {
        List<FilterEntry> entries = drafts.stream().map(d -> checked(actorId, d)).toList();
        int added = db.write(h -> {
            int n = 0;
            for (FilterEntry e : entries) {
                if (!store.exists(h, e.kind(), e.pattern())) {
                    store.insert(h, e);
                    n++;
                }
            }
            store.bump(h);
            return n;
        });
        stale = true;
        return added;
    }

    public List<FilterEntry> list(String after, int limit) {
        return db.read(h -> store.page(h, after == null ? "" : after, limit));
    }

    public void remove(String id) {
        boolean gone = db.write(h -> {
            boolean deleted = store.delete(h, id);
            if (deleted) {
                store.bump(h);
            }
            return deleted;
        });
        if (!gone) {
            throw ApiException.notFound("filter");
        }
        stale = true;
    }

    private FilterEntry checked(String actorId, Draft d) {
        if (d == null || d.kind() == null || !FilterEntry.KINDS.contains(d.kind())) {
            throw ApiException.validation("'kind' is one of " + String.join(", ", FilterEntry.KINDS) + ".");
        }
        if (d.action() == null || !FilterEntry.ACTIONS.contains(d.action())) {
            throw ApiException.validation("'action' is one of " + String.join(", ", FilterEntry.ACTIONS) + ".");
        }
        if (d.pattern() == null || d.pattern().isBlank() || d.pattern().length() > MAX_PATTERN) {
            throw invalid("'pattern' is 1 to " + MAX_PATTERN + " characters.");
        }
        String pattern = switch (d.kind()) {
            case FilterEntry.WORD -> {
                if (Normalized.of(d.pattern()).isBlank()) {
                    throw invalid("A word filter needs at least one letter or digit.");
                }
                yield d.pattern().strip();
            }
            case FilterEntry.REGEX -> {
                RegexSafety.compile(d.pattern(), regexBudget);
                yield d.pattern();
            }
            case FilterEntry.DOMAIN -> require(LinkMatcher.domain(d.pattern()), "A domain filter is a name such as spam.example.");
            default -> require(LinkMatcher.email(d.pattern()), "An e-mail filter is an address, with * for any run, such as *@spam.example.");
        };
        return new FilterEntry(Ids.next('f'), d.kind(), pattern, d.action(), actorId, Instant.now(clock));
    }

    private static String require(String canonical, String detail) {
        if (canonical == null) {
            throw invalid(detail);
        }
        return canonical;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(422, "filter_pattern_invalid", "Invalid request", detail);
    }
}
