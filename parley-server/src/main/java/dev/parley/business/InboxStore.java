package dev.parley.business;

import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The shared inbox's tables on SQLite or PostgreSQL alike: one row per customer conversation,
 * its labels, what triage said of each customer message, and the business's inbox settings.
 * Every method joins the caller's handle.
 */
public final class InboxStore {
    private static final String COLUMNS = "i.business_id, i.conversation_id, i.customer_id, i.status, i.status_seq, "
            + "i.assignee_id, i.priority, i.processed_seq, i.last_activity_at, i.created_at, i.bot, "
            + "i.snoozed_until";
    private static final String ENSURE = "INSERT INTO inbox_conversations (business_id, conversation_id, customer_id, "
            + "status, status_seq, assignee_id, priority, processed_seq, last_activity_at, created_at) "
            + "VALUES (?, ?, ?, ?, 0, NULL, 0, 0, ?, ?) ON CONFLICT (business_id, conversation_id) DO NOTHING";
    private static final String ROW = "SELECT " + COLUMNS + " FROM inbox_conversations i "
            + "WHERE i.business_id = ? AND i.conversation_id = ?";
    private static final String UPDATE = "UPDATE inbox_conversations SET status = ?, status_seq = ?, assignee_id = ?, "
            + "priority = ?, processed_seq = ?, last_activity_at = ?, bot = ?, snoozed_until = ? "
            + "WHERE business_id = ? AND conversation_id = ?";
    private static final String LOG_STATUS = "INSERT INTO inbox_status_log (business_id, conversation_id, status, seq, "
            + "agent_id, at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String ASSIGNED_TO = "SELECT " + COLUMNS + " FROM inbox_conversations i "
            + "WHERE i.business_id = ? AND i.assignee_id = ?";
    private static final String OPEN_LOAD = "SELECT assignee_id, COUNT(*) FROM inbox_conversations "
            + "WHERE business_id = ? AND status = 'open' AND assignee_id IS NOT NULL GROUP BY assignee_id";
    /** Open ones the bot has count as "bot", snoozed ones as "snoozed", not "open": the tabs show them apart. */
    private static final String VIEW = "CASE WHEN status = 'open' AND bot THEN 'bot' "
            + "WHEN status = 'open' AND snoozed_until > ? THEN 'snoozed' ELSE status END";
    private static final String COUNT_BY_STATUS = "SELECT " + VIEW + ", COUNT(*) FROM inbox_conversations "
            + "WHERE business_id = ? GROUP BY 1";
    private static final String COUNT_OPEN_ASSIGNED = "SELECT COUNT(*) FROM inbox_conversations "
            + "WHERE business_id = ? AND status = 'open' AND assignee_id = ? "
            + "AND (snoozed_until IS NULL OR snoozed_until <= ?)";
    private static final String COUNT_OPEN_UNASSIGNED = "SELECT COUNT(*) FROM inbox_conversations "
            + "WHERE business_id = ? AND status = 'open' AND assignee_id IS NULL AND NOT bot "
            + "AND (snoozed_until IS NULL OR snoozed_until <= ?)";
    private static final String LABELS = "SELECT conversation_id, label, source FROM inbox_labels "
            + "WHERE business_id = :business AND conversation_id IN (<ids>) ORDER BY created_at, label";
    private static final String ADD_LABEL = "INSERT INTO inbox_labels (business_id, conversation_id, label, source, "
            + "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (business_id, conversation_id, label) DO NOTHING";
    private static final String CLEAR_LABELS = "DELETE FROM inbox_labels WHERE business_id = ? AND conversation_id = ?";
    private static final String CLEAR_LABELS_FROM = CLEAR_LABELS + " AND source = ?";
    private static final String ADD_TRIAGE = "INSERT INTO inbox_triage (business_id, conversation_id, seq, label, score) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (business_id, conversation_id, seq) DO NOTHING";
    private static final String LATEST_TRIAGE = "SELECT t.conversation_id, t.seq, t.label, t.score, t.corrected_label "
            + "FROM inbox_triage t WHERE t.business_id = :business AND t.conversation_id IN (<ids>) AND t.seq = "
            + "(SELECT MAX(u.seq) FROM inbox_triage u WHERE u.business_id = t.business_id "
            + "AND u.conversation_id = t.conversation_id)";
    private static final String CORRECT = "UPDATE inbox_triage SET corrected_label = ?, corrected_by = ?, corrected_at = ? "
            + "WHERE business_id = ? AND conversation_id = ? AND seq = ?";
    private static final String CORRECTIONS = "SELECT m.text, t.corrected_label FROM inbox_triage t "
            + "JOIN messages m ON m.conversation_id = t.conversation_id AND m.seq = t.seq "
            + "WHERE t.business_id = ? AND t.corrected_label IS NOT NULL AND NOT m.deleted "
            + "ORDER BY t.corrected_at DESC LIMIT ?";
    // The unread count leaves out the business's own automatic replies past its read pointer (issue 20 point 6),
    // and a customer's rating typed as a reply to the satisfaction question: recorded, nothing to answer.
    private static final String SEQS = "SELECT c.id, c.last_seq, m.read_seq, (SELECT COUNT(*) FROM messages x "
            + "WHERE x.conversation_id = c.id AND x.author_kind IN ('automation', 'bot') AND x.sender_id = m.account_id "
            + "AND x.seq > m.read_seq) + (SELECT COUNT(*) FROM satisfaction_ratings r WHERE r.conversation_id = c.id "
            + "AND r.answer_seq > m.read_seq) FROM conversations c "
            + "JOIN conversation_members m ON m.conversation_id = c.id AND m.account_id = :business WHERE c.id IN (<ids>)";
    private static final String SETTINGS = "SELECT auto_assign, agent_cap FROM inbox_settings WHERE business_id = ?";
    private static final String PUT_SETTINGS = "INSERT INTO inbox_settings (business_id, auto_assign, agent_cap, updated_at) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (business_id) DO UPDATE SET auto_assign = excluded.auto_assign, "
            + "agent_cap = excluded.agent_cap, updated_at = excluded.updated_at";

    private final Database db;

    public InboxStore(Database db) {
        this.db = db;
    }

    /** Adds the conversation to the business's inbox unless it is there already. */
    public void ensure(Handle h, String businessId, String conversationId, String customerId, String status,
                       Instant now) {
        h.execute(ENSURE, businessId, conversationId, customerId, status, now.toEpochMilli(), now.toEpochMilli());
    }

    public Optional<InboxRow> row(Handle h, String businessId, String conversationId) {
        return h.createQuery(ROW).bind(0, businessId).bind(1, conversationId).map((rs, c) -> map(rs)).findOne();
    }

    /** The row, locked until commit on PostgreSQL (SQLite has one writer already). */
    public Optional<InboxRow> lock(Handle h, String businessId, String conversationId) {
        String sql = db.dialect() == Dialect.POSTGRES ? ROW + " FOR UPDATE" : ROW;
        return h.createQuery(sql).bind(0, businessId).bind(1, conversationId).map((rs, c) -> map(rs)).findOne();
    }

    /** Appends the row's new status to the status log. */
    public void logStatus(Handle h, InboxRow r, String agentId, Instant at) {
        h.execute(LOG_STATUS, r.businessId(), r.conversationId(), r.status(), r.statusSeq(), agentId, at.toEpochMilli());
    }

    public void update(Handle h, InboxRow r) {
        h.execute(UPDATE, r.status(), r.statusSeq(), r.assigneeId(), r.priority(), r.processedSeq(),
                r.lastActivityAt().toEpochMilli(), r.bot(),
                r.snoozedUntil() == null ? null : r.snoozedUntil().toEpochMilli(), r.businessId(), r.conversationId());
    }

    public List<InboxRow> assignedTo(Handle h, String businessId, String agentId) {
        return h.createQuery(ASSIGNED_TO).bind(0, businessId).bind(1, agentId).map((rs, c) -> map(rs)).list();
    }

    /** Open conversations per assignee: what the per-agent cap counts. */
    public Map<String, Long> openLoad(Handle h, String businessId) {
        Map<String, Long> out = new HashMap<>();
        h.createQuery(OPEN_LOAD).bind(0, businessId).map((rs, c) -> out.put(rs.getString(1), rs.getLong(2))).list();
        return out;
    }

    /** The inbox's counts: per status (the bot's apart from open), and among open ones the caller's and nobody's. */
    public Map<String, Long> counts(Handle h, String businessId, String agentId, Instant now) {
        long at = now.toEpochMilli();
        Map<String, Long> out = new LinkedHashMap<>();
        InboxRow.STATUSES.forEach(s -> out.put(s, 0L));
        out.put(InboxRow.BOT, 0L);
        out.put(InboxRow.SNOOZED, 0L);
        h.createQuery(COUNT_BY_STATUS).bind(0, at).bind(1, businessId)
                .map((rs, c) -> out.put(rs.getString(1), rs.getLong(2))).list();
        out.put("mine", h.createQuery(COUNT_OPEN_ASSIGNED).bind(0, businessId).bind(1, agentId).bind(2, at)
                .mapTo(Long.class).one());
        out.put("unassigned", h.createQuery(COUNT_OPEN_UNASSIGNED).bind(0, businessId).bind(1, at)
                .mapTo(Long.class).one());
        return out;
    }

    /** One page of the inbox; see {@link InboxQuery} for the filters and the order. */
    public List<InboxRow> list(Handle h, InboxQuery q, int limit) {
        return q.bind(h.createQuery(q.sql(COLUMNS)), limit).map((rs, c) -> map(rs)).list();
    }

    /** Each conversation's labels, in the order they were given. */
    public Map<String, List<Label>> labels(Handle h, String businessId, Collection<String> conversationIds) {
        Map<String, List<Label>> out = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return out;
        }
        h.createQuery(LABELS).bind("business", businessId).bindList("ids", List.copyOf(conversationIds))
                .map((rs, c) -> out.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                        .add(new Label(rs.getString(2), rs.getString(3))))
                .list();
        return out;
    }

    /** @param source {@code triage} or {@code agent} */
    public record Label(String name, String source) {}

    public void addLabel(Handle h, String businessId, String conversationId, String label, String source, Instant now) {
        h.execute(ADD_LABEL, businessId, conversationId, label, source, now.toEpochMilli());
    }

    public void clearLabels(Handle h, String businessId, String conversationId) {
        h.execute(CLEAR_LABELS, businessId, conversationId);
    }

    public void clearLabels(Handle h, String businessId, String conversationId, String source) {
        h.execute(CLEAR_LABELS_FROM, businessId, conversationId, source);
    }

    public void addTriage(Handle h, String businessId, String conversationId, long seq, String label, double score) {
        h.execute(ADD_TRIAGE, businessId, conversationId, seq, label, score);
    }

    /** What triage said of a conversation's latest classified customer message. */
    public record TriageRecord(String conversationId, long seq, String label, double score, String correctedLabel) {}

    public Map<String, TriageRecord> latestTriage(Handle h, String businessId, Collection<String> conversationIds) {
        Map<String, TriageRecord> out = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return out;
        }
        h.createQuery(LATEST_TRIAGE).bind("business", businessId).bindList("ids", List.copyOf(conversationIds))
                .map((rs, c) -> out.put(rs.getString(1), new TriageRecord(rs.getString(1), rs.getLong(2),
                        rs.getString(3), rs.getDouble(4), rs.getString(5))))
                .list();
        return out;
    }

    public void correct(Handle h, String businessId, String conversationId, long seq, String label, String agentId,
                        Instant now) {
        h.execute(CORRECT, label, agentId, now.toEpochMilli(), businessId, conversationId, seq);
    }

    /** The business's latest corrections, as (text, label): examples triage learns from. */
    public List<Triage.Example> corrections(String businessId, int max) {
        return db.read(h -> h.createQuery(CORRECTIONS).bind(0, businessId).bind(1, max)
                .map((rs, c) -> new Triage.Example(rs.getString(2), rs.getString(1))).list());
    }

    /**
     * A conversation's newest message and how far the business has read.
     *
     * @param automated past the business's read pointer, what nobody of the team has to read: its own
     *                  automatic replies and typed ratings
     */
    public record Seqs(long lastSeq, long readSeq, long automated) {
        public long unread() {
            return Math.max(0, lastSeq - readSeq - automated);
        }
    }

    public Map<String, Seqs> seqs(Handle h, String businessId, Collection<String> conversationIds) {
        Map<String, Seqs> out = new HashMap<>();
        if (!conversationIds.isEmpty()) {
            h.createQuery(SEQS).bind("business", businessId).bindList("ids", List.copyOf(conversationIds))
                    .map((rs, c) -> out.put(rs.getString(1), new Seqs(rs.getLong(2), rs.getLong(3), rs.getLong(4)))).list();
        }
        return out;
    }

    public InboxSettings settings(Handle h, String businessId) {
        return h.createQuery(SETTINGS).bind(0, businessId)
                .map((rs, c) -> new InboxSettings(rs.getBoolean(1), rs.getInt(2))).findOne()
                .orElse(InboxSettings.DEFAULTS);
    }

    public void putSettings(Handle h, String businessId, InboxSettings s, Instant now) {
        h.execute(PUT_SETTINGS, businessId, s.autoAssign(), s.agentCap(), now.toEpochMilli());
    }

    private static InboxRow map(ResultSet rs) throws SQLException {
        return new InboxRow(rs.getString("business_id"), rs.getString("conversation_id"), rs.getString("customer_id"),
                rs.getString("status"), rs.getLong("status_seq"), rs.getString("assignee_id"), rs.getInt("priority"),
                rs.getLong("processed_seq"), Instant.ofEpochMilli(rs.getLong("last_activity_at")),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getBoolean("bot"), snoozedUntil(rs));
    }

    private static Instant snoozedUntil(ResultSet rs) throws SQLException {
        long at = rs.getLong("snoozed_until");
        return rs.wasNull() ? null : Instant.ofEpochMilli(at);
    }
}
