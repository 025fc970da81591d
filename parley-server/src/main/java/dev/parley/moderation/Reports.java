package dev.parley.moderation;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.account.GraphService;
import dev.parley.appevents.AppEventPublisher;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.Member;
import dev.parley.http.ApiException;
import dev.parley.message.Message;
import dev.parley.message.MessageIds;
import dev.parley.message.MessageStore;
import dev.parley.message.ShadowedMessages;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * Reporting a message, an account or a conversation. Only someone who can see the target may
 * report it; anyone else gets the 404 of an unknown id. A reported message is kept for the
 * moderators with the 10 before it, as they were, whatever later happens to them.
 */
public final class Reports {
    /** How many messages before the reported one the moderators see. */
    static final int CONTEXT = 10;
    static final int MAX_NOTE = 2_000;

    private final Database db;
    private final ModerationStore store;
    private final ConversationStore conversations;
    private final MessageStore messages;
    private final AccountStore accounts;
    private final GraphService graph;
    private final AppEventPublisher appEvents;
    private final Consumer<String> reportedAccount;
    private final Clock clock;
    private final ShadowedMessages shadowed = new ShadowedMessages();
    private final ClearedUpTo cleared;

    /** Up to which seq a member's view of a conversation is cleared: before they joined, or "delete for me". */
    @FunctionalInterface
    public interface ClearedUpTo {
        long of(Handle h, String conversationId, String accountId);
    }

    Reports(Database db, ModerationStore store, ConversationStore conversations, MessageStore messages,
            AccountStore accounts, GraphService graph, AppEventPublisher appEvents, Consumer<String> reportedAccount,
            ClearedUpTo cleared, Clock clock) {
        this.cleared = cleared;
        this.db = db;
        this.store = store;
        this.conversations = conversations;
        this.messages = messages;
        this.accounts = accounts;
        this.graph = graph;
        this.appEvents = appEvents;
        this.reportedAccount = reportedAccount;
        this.clock = clock;
    }

    public record Target(String kind, String id) {}

    public record Request(Target target, String category, String note, Boolean block) {}

    public record Shared(int messages) {}

    /** @param repeat the reporter's open report of the same target, answered again (200, counted once) */
    public record Created(String id, String status, Shared sharedWithModerators, boolean blocked,
                          @com.fasterxml.jackson.annotation.JsonIgnore boolean repeat) {}

    /** What a reporter may learn of their report: whether it was reviewed, never what was done. */
    public record Status(String id, String status, String category, Target target, Instant createdAt) {}

    /**
     * @param reporterId the account reporting (a business when its agent reports)
     * @param agentId    the agent reporting for a business, else null
     */
    public Created report(String reporterId, String agentId, Request r) {
        if (r == null || r.target() == null || r.target().kind() == null || r.target().id() == null) {
            throw ApiException.validation("Give a 'target' with 'kind' (message, account, conversation) and 'id'.");
        }
        if (r.category() == null || !Report.CATEGORIES.contains(r.category())) {
            throw ApiException.validation("'category' is one of " + String.join(", ", Report.CATEGORIES) + ".");
        }
        String note = r.note() == null || r.note().isBlank() ? null : r.note().strip();
        if (note != null && note.length() > MAX_NOTE) {
            throw ApiException.validation("A note is at most " + MAX_NOTE + " characters.");
        }
        Instant now = clock.instant();
        String id = Ids.next('k');
        boolean[] repeat = {false};
        Report report = db.write(h -> {
            Report built = build(h, id, reporterId, agentId, r.target(), r.category(), note, now);
            // The same reporter on the same target while their report is open: that one answers, so
            // one person filing again and again neither adds to the count nor leads the queue.
            Optional<Report> open = store.openReportOf(h, built);
            if (open.isPresent()) {
                repeat[0] = true;
                return open.get();
            }
            store.insert(h, built);
            return built;
        });
        boolean blocked = false;
        if (Boolean.TRUE.equals(r.block()) && report.reportedAccountId() != null) {
            graph.block(reporterId, accounts.byId(report.reportedAccountId()).orElseThrow());
            blocked = true;
        }
        if (repeat[0]) {
            return new Created(report.id(), report.status(), new Shared(report.snapshot().size()), blocked, true);
        }
        if (report.reportedAccountId() != null) {
            reportedAccount.accept(report.reportedAccountId()); // reported often, its new requests pause
        }
        appEvents.userReported(id, reporterId, report.reportedAccountId(), report.conversationId(),
                report.messageId(), report.category(), now);
        return new Created(id, Report.OPEN, new Shared(report.snapshot().size()), blocked, false);
    }

    private Report build(Handle h, String id, String reporterId, String agentId, Target t, String category,
                         String note, Instant now) {
        String reported;
        String conversationId = null;
        String messageId = null;
        List<Report.Snapshot> snapshot = List.of();
        switch (t.kind()) {
            case "message" -> {
                MessageIds.Key key = MessageIds.parse(t.id()).orElseThrow(() -> ApiException.notFound("message"));
                visibleMember(h, key.conversationId(), reporterId, "message");
                // Another's shadowed message is not in the reporter's history: as if there were none.
                Message m = messages.get(h, key.conversationId(), key.seq())
                        .filter(x -> seenBy(h, List.of(x), reporterId).size() == 1)
                        .orElseThrow(() -> ApiException.notFound("message"));
                reported = m.senderId();
                conversationId = m.conversationId();
                messageId = m.id();
                snapshot = snapshot(h, messages, m, rows -> seenBy(h, rows, reporterId));
            }
            case "account" -> reported = graph.resolve(reporterId, t.id()).id();
            case "conversation" -> {
                visibleMember(h, t.id(), reporterId, "conversation");
                Conversation c = conversations.byId(h, t.id()).orElseThrow(() -> ApiException.notFound("conversation"));
                conversationId = c.id();
                reported = c.isDirect() ? conversations.members(h, c.id()).stream().map(Member::accountId)
                        .filter(a -> !a.equals(reporterId)).findFirst().orElse(null) : null;
            }
            default -> throw ApiException.validation("'target.kind' is message, account or conversation.");
        }
        if (reporterId.equals(reported)) {
            throw ApiException.validation("You cannot report yourself.");
        }
        return new Report(id, reporterId, agentId, t.kind(), t.id(), reported, conversationId, messageId, category, note,
                Report.OPEN, now, snapshot);
    }

    private void visibleMember(Handle h, String conversationId, String accountId, String what) {
        conversations.member(h, conversationId, accountId).filter(Member::sees)
                .orElseThrow(() -> ApiException.notFound(what));
    }

    /**
     * Of these rows of one conversation, those the viewer sees: not another's shadowed messages, nor
     * what came before their view of it began (a member added later, "delete for me").
     */
    private List<Message> seenBy(Handle h, List<Message> rows, String viewerId) {
        if (rows.isEmpty()) {
            return rows;
        }
        long from = cleared.of(h, rows.get(0).conversationId(), viewerId);
        if (from > 0) {
            rows = rows.stream().filter(m -> m.seq() > from).toList();
            if (rows.isEmpty()) {
                return rows;
            }
        }
        Set<Long> hidden = shadowed.hiddenFrom(h, rows.get(0).conversationId(),
                rows.stream().filter(m -> !m.senderId().equals(viewerId)).map(Message::seq).toList(), viewerId);
        return hidden.isEmpty() ? rows : rows.stream().filter(m -> !hidden.contains(m.seq())).toList();
    }

    /** The message and the 10 before it, oldest first, as they are now (unsent ones keep their empty text). */
    static List<Report.Snapshot> snapshot(Handle h, MessageStore messages, Message m) {
        return snapshot(h, messages, m, rows -> rows);
    }

    /**
     * The message and the 10 before it that {@code seen} keeps (what the reporter saw: another's
     * shadowed messages are neither shared nor counted), oldest first.
     */
    static List<Report.Snapshot> snapshot(Handle h, MessageStore messages, Message m,
                                          UnaryOperator<List<Message>> seen) {
        List<Message> rows = new ArrayList<>();
        long before = m.seq() + 1;
        // Shadowed messages are rare; a flood of them ends the look-back after 20 pages.
        for (int round = 0; round < 20 && rows.size() < CONTEXT + 1; round++) {
            List<Message> page = messages.before(h, m.conversationId(), before, CONTEXT + 1); // oldest first
            if (page.isEmpty()) {
                break;
            }
            List<Message> kept = new ArrayList<>(seen.apply(page));
            kept.addAll(rows);
            rows = kept;
            before = page.get(0).seq();
            if (page.size() < CONTEXT + 1) {
                break;
            }
        }
        rows = rows.subList(Math.max(0, rows.size() - (CONTEXT + 1)), rows.size());
        return rows.stream().map(x -> new Report.Snapshot(x.id(), x.senderId(), x.authorKind().wire(),
                x.text() == null ? "" : x.text(), x.createdAt())).toList();
    }

    /** The reporter's view of their own report; anyone else: 404 as for an unknown id. */
    public Status status(String accountId, String reportId) {
        Optional<Report> r = db.read(h -> store.report(h, reportId));
        Report report = r.filter(x -> x.reporterId().equals(accountId))
                .orElseThrow(() -> ApiException.notFound("report"));
        return new Status(report.id(), report.status(), report.category(),
                new Target(report.targetKind(), report.targetId()), report.createdAt());
    }

    /**
     * Report retention ({@code safety.report_retention}): the snapshots of reports reviewed (or made,
     * if never reviewed) before {@code before} go, {@code limit} reports per call. Answers how many.
     */
    public int expireSnapshots(Instant before, int limit) {
        return db.write(h -> store.expireSnapshots(h, before, limit));
    }

    static Map<String, Object> accountSummary(Account a) {
        return Map.of("id", a.id(), "handle", a.handle(), "display_name", a.displayName());
    }
}
