package dev.parley.notify;

import dev.parley.message.MessageIds;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one decision's part for a business's agents (issue 17 point 4). In a customer conversation
 * the member is the business, not the agent; so the decision also hears rows for the agent the
 * conversation is assigned to (written by {@link PendingWriter}) and decides them here: a
 * conversation newly assigned to the agent, and each customer message after what the agent was
 * last told of. Only while the conversation is open, not handled by the FAQ bot, assigned to this
 * agent and the agent still on the team; never for what the team, automation or a bot wrote,
 * never for what someone already read acting for the business, never while the agent has a
 * visible socket (as themselves or acting for a business: their client tells them itself).
 * What an agent was told is kept per conversation in {@code notify_agent_told}, so a reassignment
 * tells the new agent once. Reads the inbox's and the team's tables as the decision reads
 * messages: by SQL, on the decision's own thread.
 */
final class AgentDecider {
    private static final int IN_AT_ONCE = 500;
    /** The conversation as its business's inbox holds it, if it is open and assigned to this agent of the team. */
    private static final String DESK = "SELECT i.business_id, i.customer_id, c.last_seq, m.read_seq "
            + "FROM inbox_conversations i JOIN conversations c ON c.id = i.conversation_id "
            + "JOIN conversation_members m ON m.conversation_id = i.conversation_id AND m.account_id = i.business_id "
            + "JOIN business_agents a ON a.business_id = i.business_id AND a.account_id = i.assignee_id "
            + "WHERE i.conversation_id = ? AND i.assignee_id = ? AND i.status = 'open' AND NOT i.bot";
    private static final String TOLD = "SELECT agent_id, told_seq FROM notify_agent_told WHERE conversation_id = ?";
    private static final String TELL = "INSERT INTO notify_agent_told (conversation_id, agent_id, told_seq) VALUES (?, ?, ?) "
            + "ON CONFLICT (conversation_id) DO UPDATE SET agent_id = excluded.agent_id, told_seq = excluded.told_seq";
    /** The customer's newest message after a seq: written by the customer as themselves, not by the team or a bot. */
    private static final String CUSTOMERS_NEWEST = "SELECT seq FROM messages WHERE conversation_id = ? AND seq > ? "
            + "AND sender_id = ? AND author_kind = 'person' AND NOT deleted ORDER BY seq DESC LIMIT 1";
    private static final String TOTAL_UNREAD = "SELECT COALESCE(SUM(c.last_seq - m.read_seq), 0) "
            + "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
            + "WHERE m.account_id = ? AND m.folder IN ('inbox', 'requests') AND c.last_seq > m.read_seq";
    private static final String ASSIGNED_IN = "SELECT conversation_id, business_id, assignee_id FROM inbox_conversations "
            + "WHERE assignee_id IS NOT NULL AND NOT bot AND conversation_id IN ";

    /** Whom a customer conversation is assigned to. */
    record Assignment(String businessId, String agentId) {}

    private record Desk(String businessId, String customerId, long lastSeq, long readSeq) {}

    private record Told(String agentId, long seq) {}

    private final Database db;
    private final Visible visible;

    AgentDecider(Database db, Visible visible) {
        this.db = db;
        this.visible = visible;
    }

    /** The assignee of each of these conversations that has one (the others are no business's, or nobody's yet). */
    Map<String, Assignment> assignees(Collection<String> conversationIds) {
        Map<String, Assignment> out = new HashMap<>();
        List<String> ids = new ArrayList<>(conversationIds);
        for (int from = 0; from < ids.size(); from += IN_AT_ONCE) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + IN_AT_ONCE));
            String sql = ASSIGNED_IN + "(" + String.join(", ", java.util.Collections.nCopies(part.size(), "?")) + ")";
            db.read(h -> {
                var q = h.createQuery(sql);
                for (int i = 0; i < part.size(); i++) {
                    q.bind(i, part.get(i));
                }
                q.map((rs, c) -> Map.entry(rs.getString(1), new Assignment(rs.getString(2), rs.getString(3))))
                        .forEach(e -> out.put(e.getKey(), e.getValue()));
                return null;
            });
        }
        return out;
    }

    /**
     * The verdict for an account that is no member of the conversation: an agent it is assigned to,
     * if there is news for them; empty for anyone else. Preferences (level, quiet hours) and the
     * agent's own visible sockets were checked; here their sockets acting for a business are.
     */
    Optional<NotificationNeeded> decide(String agentId, String conversationId, Preferences prefs, Instant now) {
        return db.read(h -> {
            Optional<Desk> desk = h.createQuery(DESK).bind(0, conversationId).bind(1, agentId)
                    .map((rs, c) -> new Desk(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4))).findOne();
            if (desk.isEmpty()) {
                return Optional.<NotificationNeeded>empty(); // unassigned, moved, off the team, bot-handled, or not open
            }
            Desk d = desk.get();
            Optional<Told> told = h.createQuery(TOLD).bind(0, conversationId)
                    .map((rs, c) -> new Told(rs.getString(1), rs.getLong(2))).findOne();
            boolean assigned = told.isEmpty() || !told.get().agentId().equals(agentId);
            // New to this agent: anything of the customer's for an assignment; else what came after
            // what they were told and after what someone read acting for the business.
            long after = assigned ? 0 : Math.max(told.get().seq(), d.readSeq());
            Optional<Long> newest = h.createQuery(CUSTOMERS_NEWEST).bind(0, conversationId).bind(1, after)
                    .bind(2, d.customerId()).mapTo(Long.class).findOne();
            if (newest.isEmpty()) {
                return Optional.<NotificationNeeded>empty();
            }
            long total = h.createQuery(TOTAL_UNREAD).bind(0, agentId).mapTo(Long.class).one();
            return Optional.of(new NotificationNeeded(agentId, conversationId,
                    MessageIds.of(conversationId, newest.get()),
                    assigned ? NotificationNeeded.ASSIGNED : NotificationNeeded.MESSAGE,
                    Math.max(0, d.lastSeq() - d.readSeq()), total, d.customerId(), prefs.showText(), now, d.businessId()));
        }).flatMap(verdict -> {
            if (visible.actingAnywhere(agentId)) {
                // Their open client told them (agentNotify.js): remember it, so it is not told again later.
                told(verdict);
                return Optional.empty();
            }
            return Optional.of(verdict);
        });
    }

    /** The agent was told of the verdict (its sinks have it): the next one is about what comes after. */
    void told(NotificationNeeded v) {
        long seq = MessageIds.parse(v.messageId()).map(MessageIds.Key::seq).orElse(0L);
        db.writeVoid(h -> h.execute(TELL, v.conversationId(), v.accountId(), seq));
    }
}
