package dev.parley.responsiveness;

import dev.parley.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Reads what the response figures need: a business's customer conversations that were active
 * since a time, with every message's author (no text) and every resolution. One snapshot, so
 * the messages and resolutions agree with each other.
 */
final class ResponsivenessStore {
    static final String SPAM = dev.parley.business.InboxRow.SPAM;
    static final String COMPLAINT = "complaint";
    private static final String CONVERSATIONS = "SELECT conversation_id, customer_id, assignee_id FROM inbox_conversations "
            + "WHERE business_id = ? AND last_activity_at >= ?";
    private static final String MESSAGES = "SELECT m.conversation_id, m.seq, m.sender_id, m.agent_id, m.automated, "
            + "m.created_at FROM messages m JOIN inbox_conversations i ON i.conversation_id = m.conversation_id "
            + "WHERE i.business_id = ? AND i.last_activity_at >= ? AND m.author_kind <> 'system' "
            // A rating the customer typed as a reply is an answer to the survey, not a new request.
            + "AND NOT EXISTS (SELECT 1 FROM satisfaction_ratings r WHERE r.conversation_id = m.conversation_id "
            + "AND r.answer_seq = m.seq)";
    private static final String RESOLUTIONS = "SELECT l.conversation_id, l.seq, l.at, l.agent_id FROM inbox_status_log l "
            + "JOIN inbox_conversations i ON i.business_id = l.business_id AND i.conversation_id = l.conversation_id "
            + "WHERE l.business_id = ? AND l.status = 'resolved' AND i.last_activity_at >= ?";
    private static final String LABELS = "SELECT conversation_id, label FROM inbox_labels "
            + "WHERE business_id = ? AND label IN ('" + SPAM + "', '" + COMPLAINT + "')";
    private static final String BLOCKED = "SELECT blocked_id FROM blocks WHERE blocker_id = ? "
            + "UNION SELECT blocker_id FROM blocks WHERE blocked_id = ?";
    private static final String AGENTS = "SELECT a.id, a.display_name FROM business_agents b "
            + "JOIN accounts a ON a.id = b.account_id WHERE b.business_id = ? ORDER BY a.display_name, a.id";
    private static final String ACTIVE_BUSINESSES = "SELECT DISTINCT business_id FROM inbox_conversations "
            + "WHERE last_activity_at >= ?";

    private final Database db;

    ResponsivenessStore(Database db) {
        this.db = db;
    }

    /** The business's customer conversations with any activity since {@code since}. */
    List<Timeline> timelines(String businessId, Instant since) {
        return db.read(h -> read(h, businessId, since.toEpochMilli()));
    }

    private List<Timeline> read(Handle h, String businessId, long since) {
        record Conv(String customerId, String assigneeId, List<Timeline.Step> steps) {}
        Map<String, Conv> convs = new LinkedHashMap<>();
        h.createQuery(CONVERSATIONS).bind(0, businessId).bind(1, since).map((rs, c) -> convs.put(rs.getString(1),
                new Conv(rs.getString(2), rs.getString(3), new ArrayList<>()))).list();
        h.createQuery(MESSAGES).bind(0, businessId).bind(1, since).map((rs, c) -> {
            Conv conv = convs.get(rs.getString(1));
            if (conv != null) {
                String sender = rs.getString(3);
                String agent = rs.getString(4);
                Timeline.Author author = sender.equals(conv.customerId()) ? Timeline.Author.CUSTOMER
                        : agent != null && !rs.getBoolean(5) ? Timeline.Author.PERSON : Timeline.Author.AUTOMATION;
                conv.steps().add(Timeline.Step.message(rs.getLong(2), Instant.ofEpochMilli(rs.getLong(6)), author, agent));
            }
            return null;
        }).list();
        h.createQuery(RESOLUTIONS).bind(0, businessId).bind(1, since).map((rs, c) -> {
            Conv conv = convs.get(rs.getString(1));
            if (conv != null) {
                conv.steps().add(Timeline.Step.resolution(rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
            }
            return null;
        }).list();
        Map<String, Set<String>> labels = new HashMap<>();
        h.createQuery(LABELS).bind(0, businessId).map((rs, c) ->
                labels.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2))).list();
        Set<String> blocked = new HashSet<>(h.createQuery(BLOCKED).bind(0, businessId).bind(1, businessId)
                .mapTo(String.class).list());
        List<Timeline> out = new ArrayList<>();
        convs.forEach((id, c) -> {
            Set<String> l = labels.getOrDefault(id, Set.of());
            Timeline.Exclusion excluded = blocked.contains(c.customerId()) ? Timeline.Exclusion.BLOCKED
                    : l.contains(SPAM) ? Timeline.Exclusion.SPAM : Timeline.Exclusion.NONE;
            out.add(new Timeline(id, c.customerId(), c.assigneeId(), c.steps(), l.contains(COMPLAINT), excluded));
        });
        return out;
    }

    /** The business's agents, id to display name, by name. */
    Map<String, String> agents(String businessId) {
        Map<String, String> out = new LinkedHashMap<>();
        db.read(h -> h.createQuery(AGENTS).bind(0, businessId).map((rs, c) -> out.put(rs.getString(1), rs.getString(2)))
                .list());
        return out;
    }

    /** Businesses whose inbox saw activity since {@code since}: the ones the live gauges follow. */
    List<String> activeBusinesses(Instant since) {
        return db.read(h -> h.createQuery(ACTIVE_BUSINESSES).bind(0, since.toEpochMilli()).mapTo(String.class).list());
    }
}
