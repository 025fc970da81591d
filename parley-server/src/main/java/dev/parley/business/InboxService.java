package dev.parley.business;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.Member;
import dev.parley.event.EventTypes;
import dev.parley.event.Transactions;
import dev.parley.http.ApiException;
import dev.parley.http.ClientTime;
import dev.parley.http.Json;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * The shared inbox as agents work it: the list with its filters and counts, status, assignment
 * by hand, labels (an agent's change of triage's label is kept as a correction), and the inbox's
 * rules. Every change is told to all the business's agents as an {@code inbox.updated} event on
 * the business's own feed, in the same transaction.
 */
public final class InboxService {
    public static final int MAX_LABELS = 10;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_-]{1,32}");

    private final Database db;
    private final Transactions tx;
    private final InboxStore store;
    private final InboxViews views;
    private final BusinessStore agents;
    private final ConversationService conversations;
    private final ConversationStore conversationStore;
    private final Clock clock;

    InboxService(Database db, Transactions tx, InboxStore store, InboxViews views, BusinessStore agents,
                 ConversationService conversations, ConversationStore conversationStore, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.store = store;
        this.views = views;
        this.agents = agents;
        this.conversations = conversations;
        this.conversationStore = conversationStore;
        this.clock = clock;
    }

    /** A page of the inbox, with the counts its tabs show. */
    public record InboxPage(List<InboxItem> items, String nextCursor, Map<String, Long> counts) {}

    /**
     * @param status   open (the default), bot (open ones the FAQ bot is handling), pending, resolved or all
     * @param assignee me, unassigned, an agent's id, or empty for anyone
     * @param sort     urgent (complaints first, the default) or newest
     */
    public InboxPage list(String businessId, String agentId, Optional<String> status, Optional<String> assignee,
                          Optional<String> label, Optional<String> sort, int limit, Optional<String> cursor) {
        String s = status.orElse(InboxRow.OPEN);
        if (!s.equals("all") && !s.equals(InboxRow.BOT) && !s.equals(InboxRow.SNOOZED) && !InboxRow.STATUSES.contains(s)) {
            throw ApiException.badRequest("'status' is open, bot, snoozed, pending, resolved or all.");
        }
        String who = assignee.map(a -> assigneeFilter(businessId, agentId, a)).orElse(null);
        String order = sort.orElse("urgent");
        if (!order.equals("urgent") && !order.equals("newest")) {
            throw ApiException.badRequest("'sort' is urgent (complaints first) or newest.");
        }
        InboxQuery q = new InboxQuery(businessId, s.equals("all") ? null : s, who, label.orElse(null),
                order.equals("urgent"), cursor.map(InboxQuery.Position::decode), clock.instant().toEpochMilli());
        return db.snapshot(h -> {
            List<InboxRow> rows = store.list(h, q, limit + 1);
            boolean more = rows.size() > limit;
            List<InboxRow> page = more ? rows.subList(0, limit) : rows;
            String next = more ? InboxQuery.Position.of(page.get(page.size() - 1)).encode() : null;
            return new InboxPage(views.items(h, businessId, page), next,
                    store.counts(h, businessId, agentId, clock.instant()));
        });
    }

    /**
     * What {@code assignee=} filters on. A typo or a stranger's id would list nothing, which reads as "no
     * conversations": say so instead. A former agent's id is refused too; their conversations were
     * unassigned when they left. {@code me} from the business's own token would have listed everyone's.
     */
    private String assigneeFilter(String businessId, String agentId, String assignee) {
        switch (assignee) {
            case "unassigned" -> {
                return InboxQuery.NOBODY;
            }
            case "me" -> {
                if (agentId == null) {
                    throw ApiException.badRequest("'assignee=me' is for an agent; the business's own token has no"
                            + " conversations of its own.");
                }
                return agentId;
            }
            default -> {
                if (agents.role(businessId, assignee).isEmpty()) {
                    throw ApiException.badRequest("'assignee' is me, unassigned or the id of one of the business's"
                            + " agents.");
                }
                return assignee;
            }
        }
    }

    /** One conversation's inbox state; one not taken in yet shows as open, with nobody on it. */
    public InboxItem get(String businessId, String conversationId) {
        return db.snapshot(h -> {
            conversations.requireMember(h, conversationId, businessId);
            Conversation c = conversations.requireConversation(h, conversationId);
            String customer = customerOf(h, c, businessId).orElseThrow(InboxService::notInInbox);
            InboxRow row = store.row(h, businessId, conversationId).orElseGet(() -> new InboxRow(businessId,
                    conversationId, customer, InboxRow.OPEN, 0, null, 0, 0, c.updatedAt(), c.createdAt(), false, null));
            return views.item(h, row);
        });
    }

    /** @param agentId who set it (kept in the status log, which the responsiveness figures read) */
    public InboxItem setStatus(String businessId, String agentId, String conversationId, String status) {
        if (status == null || !InboxRow.STATUSES.contains(status)) {
            throw ApiException.validation("Field 'status' is open, pending or resolved.");
        }
        return change(businessId, conversationId, (t, row) -> {
            long lastSeq = conversations.requireConversation(t.handle(), conversationId).lastSeq();
            InboxRow next = row.withStatus(status, lastSeq);
            if (!next.status().equals(row.status())) {
                store.logStatus(t.handle(), next, agentId, clock.instant());
            }
            return next;
        });
    }

    /** Snoozes for this long at most: a snooze is a reminder, not an archive. */
    static final java.time.Duration MAX_SNOOZE = java.time.Duration.ofDays(90);

    /**
     * Takes the conversation out of the open view until {@code until}, or until the customer
     * writes again (the intake wakes it). A time in the past wakes it now.
     */
    public InboxItem snooze(String businessId, String conversationId, String until) {
        Instant at = ClientTime.parse("until", until, "Field 'until' is required: a time like 2026-12-03T09:00:00Z.");
        Instant now = clock.instant();
        if (at.isAfter(now.plus(MAX_SNOOZE))) {
            throw ApiException.validation("Field 'until' is at most " + MAX_SNOOZE.toDays() + " days ahead.");
        }
        return change(businessId, conversationId, (t, row) -> row.snoozed(at.isAfter(now) ? at : null));
    }

    /** @param assigneeId an agent of the business, or null to unassign */
    public InboxItem assign(String businessId, String conversationId, String assigneeId) {
        return change(businessId, conversationId, (t, row) -> {
            if (assigneeId != null && agents.agent(t.handle(), businessId, assigneeId).isEmpty()) {
                throw ApiException.validation("'assignee_id' must be an agent of this business.");
            }
            return row.withAssignee(assigneeId);
        });
    }

    /**
     * Hands the conversation to a person: the next agent in turn (round-robin) when it has none
     * yet, and it leaves the bot view. Bots call it when they hand over.
     */
    InboxItem assignNext(String businessId, String conversationId, RoundRobin roundRobin) {
        return change(businessId, conversationId, (t, row) -> row.assigneeId() != null ? row.withBot(false)
                : row.withBot(false).withAssignee(roundRobin.pick(t.handle(), businessId,
                        store.settings(t.handle(), businessId).agentCap()).orElse(null)));
    }

    /** The bot has it again: out of its agent's hands and into the Bot view, when open (a reopened one goes there anyway). */
    InboxItem backToBot(String businessId, String conversationId) {
        return change(businessId, conversationId, (t, row) -> InboxRow.OPEN.equals(row.status()) ? row.withBot(true) : row);
    }

    /** Publishes the item as it is now, when there is one. */
    void retell(String businessId, String conversationId) {
        tx.run(t -> {
            store.row(t.handle(), businessId, conversationId).ifPresent(row -> publish(t, row));
            return null;
        });
    }

    /**
     * Sets the conversation's labels. When an agent replaces the label triage gave the latest
     * customer message with another of triage's labels, that is a correction: it is kept on the
     * message, and triage learns from it for this business.
     */
    public InboxItem setLabels(String businessId, String agentId, String conversationId, List<String> raw) {
        Set<String> labels = validLabels(raw);
        return change(businessId, conversationId, (t, row) -> {
            Handle h = t.handle();
            Instant now = clock.instant();
            InboxStore.TriageRecord triage = store.latestTriage(h, businessId, List.of(conversationId)).get(conversationId);
            List<String> triageLabels = labels.stream().filter(Triage.LABELS::contains).toList();
            if (triage != null && !labels.contains(triage.label()) && triageLabels.size() == 1) {
                store.correct(h, businessId, conversationId, triage.seq(), triageLabels.get(0), agentId, now);
            }
            store.clearLabels(h, businessId, conversationId);
            labels.forEach(l -> store.addLabel(h, businessId, conversationId, l, "agent", now));
            return row.withPriority(InboxRow.urgent(labels) ? 1 : 0);
        });
    }

    static Set<String> validLabels(List<String> raw) {
        if (raw == null) {
            throw ApiException.validation("Field 'labels' is required: a list, maybe empty.");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String l : raw) {
            if (l == null || !LABEL.matcher(l).matches()) {
                throw ApiException.validation("A label is 1 to 32 lower-case letters, digits, '_' or '-'.");
            }
            out.add(l);
        }
        if (out.size() > MAX_LABELS) {
            throw ApiException.validation("A conversation has at most " + MAX_LABELS + " labels.");
        }
        return out;
    }

    public InboxSettings settings(String businessId) {
        return db.read(h -> store.settings(h, businessId));
    }

    public InboxSettings putSettings(String businessId, Boolean autoAssign, Integer agentCap) {
        if (agentCap != null && (agentCap < 1 || agentCap > InboxSettings.MAX_CAP)) {
            throw ApiException.validation("Field 'agent_cap' is 1 to " + InboxSettings.MAX_CAP + ".");
        }
        return db.write(h -> {
            InboxSettings now = store.settings(h, businessId);
            InboxSettings next = new InboxSettings(autoAssign == null ? now.autoAssign() : autoAssign,
                    agentCap == null ? now.agentCap() : agentCap);
            store.putSettings(h, businessId, next, clock.instant());
            return next;
        });
    }

    /** Unassigns everything the agent had (they left the business), telling the other agents. */
    void unassignAll(Transactions.Tx t, String businessId, String agentId) {
        for (InboxRow row : store.assignedTo(t.handle(), businessId, agentId)) {
            InboxRow free = row.withAssignee(null);
            store.update(t.handle(), free);
            publish(t, free);
        }
    }

    Map<String, Long> openLoad(Handle h, String businessId) {
        return store.openLoad(h, businessId);
    }

    /** Appends {@code inbox.updated} with the row's item to the business's feed. */
    void publish(Transactions.Tx t, InboxRow row) {
        InboxItem item = views.item(t.handle(), row);
        String data = Json.write(Map.of("item", item));
        t.append(List.of(row.businessId()), EventTypes.INBOX_UPDATED, row.conversationId(), null, clock.instant(),
                v -> data);
    }

    private interface Change {
        InboxRow apply(Transactions.Tx t, InboxRow row);
    }

    private InboxItem change(String businessId, String conversationId, Change change) {
        return tx.run(t -> {
            InboxRow changed = change.apply(t, rowFor(t.handle(), businessId, conversationId));
            store.update(t.handle(), changed);
            publish(t, changed);
            return views.item(t.handle(), changed);
        });
    }

    /**
     * The inbox row of one of the business's customer conversations, locked; a conversation the
     * business is not in is not found, exactly as an unknown id.
     */
    InboxRow rowFor(Handle h, String businessId, String conversationId) {
        conversations.requireMember(h, conversationId, businessId);
        Conversation c = conversations.requireConversation(h, conversationId);
        String customer = customerOf(h, c, businessId).orElseThrow(InboxService::notInInbox);
        store.ensure(h, businessId, conversationId, customer, InboxRow.OPEN, clock.instant());
        return store.lock(h, businessId, conversationId).orElseThrow();
    }

    private static ApiException notInInbox() {
        return ApiException.validation("Only direct conversations with a customer are in the inbox.");
    }

    /** The other member of a direct conversation of the business. */
    Optional<String> customerOf(Handle h, Conversation c, String businessId) {
        if (!c.isDirect()) {
            return Optional.empty();
        }
        return conversationStore.members(h, c.id()).stream().map(Member::accountId)
                .filter(id -> !id.equals(businessId)).findFirst();
    }
}
