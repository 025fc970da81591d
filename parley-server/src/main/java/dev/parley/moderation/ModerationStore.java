package dev.parley.moderation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reports, snapshots, moderators, the audit log, restrictions and notices; every method joins the caller's handle. */
final class ModerationStore {
    private static final String REPORT_COLUMNS = "id, reporter_id, agent_id, target_kind, target_id, "
            + "reported_account_id, conversation_id, message_id, category, note, status, created_at";
    private static final String INSERT_REPORT = "INSERT INTO reports (" + REPORT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_SNAPSHOT = "INSERT INTO report_snapshots "
            + "(report_id, position, message_id, author_id, author_kind, text, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String REPORT = "SELECT " + REPORT_COLUMNS + " FROM reports WHERE id = ?";
    /** The reporter's open report of the same target: the same message, conversation and account. */
    private static final String OPEN_OF = "SELECT " + REPORT_COLUMNS + " FROM reports WHERE reporter_id = :reporter "
            + "AND status = 'open' AND target_kind = :kind";
    private static final String BY_STATUS = "SELECT " + REPORT_COLUMNS + " FROM reports WHERE status = ? "
            + "ORDER BY created_at DESC, id DESC LIMIT ?";
    private static final String SNAPSHOTS = "SELECT report_id, message_id, author_id, author_kind, text, sent_at "
            + "FROM report_snapshots WHERE report_id IN (<ids>) ORDER BY report_id, position";
    private static final String REVIEW = "UPDATE reports SET status = 'reviewed', reviewed_at = ? "
            + "WHERE status = 'open' AND ";
    private static final String IS_MODERATOR = "SELECT 1 FROM moderators WHERE account_id = ?";
    private static final String MODERATORS = "SELECT account_id FROM moderators ORDER BY created_at, account_id";
    private static final String ADD_MODERATOR = "INSERT INTO moderators (account_id, created_at) VALUES (?, ?) "
            + "ON CONFLICT (account_id) DO NOTHING";
    private static final String REMOVE_MODERATOR = "DELETE FROM moderators WHERE account_id = ?";
    private static final String INSERT_AUDIT = "INSERT INTO moderation_audit (id, moderator_id, action, target_kind, "
            + "target_id, account_id, reason, until_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String AUDIT = "SELECT id, moderator_id, action, target_kind, target_id, account_id, reason, "
            + "until_at, created_at FROM moderation_audit ORDER BY created_at DESC, id DESC LIMIT ?";
    private static final String RESTRICTED_UNTIL = "SELECT until_at FROM account_restrictions WHERE account_id = ?";
    private static final String IN_FORCE = "SELECT account_id, until_at FROM account_restrictions WHERE until_at > ?";
    private static final String DELETE_RESTRICTION = "DELETE FROM account_restrictions WHERE account_id = ?";
    private static final String INSERT_RESTRICTION = "INSERT INTO account_restrictions (account_id, until_at, reason) "
            + "VALUES (?, ?, ?)";
    private static final String INSERT_NOTICE = "INSERT INTO moderation_notices "
            + "(id, account_id, action, reason, until_at, message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String NOTICES = "SELECT action, reason, until_at, message_id, created_at FROM moderation_notices "
            + "WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT 50";

    private static final String SNAPSHOTS_DUE = "SELECT id FROM reports WHERE snapshot_expired = ? "
            + "AND COALESCE(reviewed_at, created_at) < ? ORDER BY created_at LIMIT ?";
    private static final String DELETE_SNAPSHOTS = "DELETE FROM report_snapshots WHERE report_id IN (<ids>)";
    private static final String MARK_SNAPSHOTS_EXPIRED = "UPDATE reports SET snapshot_expired = :yes WHERE id IN (<ids>)";

    /** One line of the audit log. */
    record AuditEntry(String id, String moderatorId, String action, String targetKind, String targetId,
                      String accountId, String reason, Instant until, Instant at) {}

    /** What a moderated account is told. */
    record Notice(String action, String reason, Instant until, String messageId, Instant at) {}

    /**
     * Deletes the snapshots of up to {@code limit} reports reviewed (or, never reviewed, made) before
     * {@code before}; the reports stay, marked. Answers how many reports it marked.
     */
    int expireSnapshots(Handle h, Instant before, int limit) {
        List<String> ids = h.createQuery(SNAPSHOTS_DUE).bind(0, false).bind(1, before.toEpochMilli()).bind(2, limit)
                .mapTo(String.class).list();
        if (!ids.isEmpty()) {
            h.createUpdate(DELETE_SNAPSHOTS).bindList("ids", ids).execute();
            h.createUpdate(MARK_SNAPSHOTS_EXPIRED).bind("yes", true).bindList("ids", ids).execute();
        }
        return ids.size();
    }

    void insert(Handle h, Report r) {
        h.execute(INSERT_REPORT, r.id(), r.reporterId(), r.agentId(), r.targetKind(), r.targetId(),
                r.reportedAccountId(), r.conversationId(), r.messageId(), r.category(), r.note(), r.status(),
                r.createdAt().toEpochMilli());
        int position = 0;
        for (Report.Snapshot s : r.snapshot()) {
            h.execute(INSERT_SNAPSHOT, r.id(), position++, s.messageId(), s.authorId(), s.authorKind(), s.text(),
                    s.sentAt().toEpochMilli());
        }
    }

    Optional<Report> report(Handle h, String id) {
        return h.select(REPORT, id).map((rs, ctx) -> mapReport(rs)).findOne()
                .map(r -> r.withSnapshot(snapshots(h, List.of(id)).getOrDefault(id, List.of())));
    }

    /** The reporter's open report of the target {@code r} is about (its kind, message, conversation, account), if any. */
    Optional<Report> openReportOf(Handle h, Report r) {
        Map<String, String> same = new LinkedHashMap<>();
        same.put("reported_account_id", r.reportedAccountId());
        same.put("conversation_id", r.conversationId());
        same.put("message_id", r.messageId());
        StringBuilder sql = new StringBuilder(OPEN_OF);
        same.forEach((column, value) -> sql.append(" AND ").append(column).append(value == null ? " IS NULL" : " = :" + column));
        var query = h.createQuery(sql + " ORDER BY created_at LIMIT 1").bind("reporter", r.reporterId())
                .bind("kind", r.targetKind());
        same.forEach((column, value) -> {
            if (value != null) {
                query.bind(column, value);
            }
        });
        return query.map((rs, ctx) -> mapReport(rs)).findOne()
                .map(x -> x.withSnapshot(snapshots(h, List.of(x.id())).getOrDefault(x.id(), List.of())));
    }

    /** The newest reports of a status, each with its snapshot. */
    List<Report> byStatus(Handle h, String status, int limit) {
        List<Report> rows = h.select(BY_STATUS, status, limit).map((rs, ctx) -> mapReport(rs)).list();
        Map<String, List<Report.Snapshot>> snaps = snapshots(h, rows.stream().map(Report::id).toList());
        return rows.stream().map(r -> r.withSnapshot(snaps.getOrDefault(r.id(), List.of()))).toList();
    }

    private Map<String, List<Report.Snapshot>> snapshots(Handle h, Collection<String> reportIds) {
        Map<String, List<Report.Snapshot>> out = new LinkedHashMap<>();
        if (reportIds.isEmpty()) {
            return out;
        }
        h.createQuery(SNAPSHOTS).bindList("ids", new ArrayList<>(reportIds)).map((rs, ctx) -> {
            out.computeIfAbsent(rs.getString("report_id"), k -> new ArrayList<>()).add(new Report.Snapshot(
                    rs.getString("message_id"), rs.getString("author_id"), rs.getString("author_kind"),
                    rs.getString("text"), Instant.ofEpochMilli(rs.getLong("sent_at"))));
            return null;
        }).list();
        return out;
    }

    /** Marks the open reports in {@code column} = {@code value} reviewed; answers how many. */
    int review(Handle h, String column, String value, Instant at) {
        if (!List.of("id", "reported_account_id", "message_id", "conversation_id").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        return h.execute(REVIEW + column + " = ?", at.toEpochMilli(), value);
    }

    boolean isModerator(Handle h, String accountId) {
        return h.select(IS_MODERATOR, accountId).mapTo(Integer.class).findOne().isPresent();
    }

    List<String> moderators(Handle h) {
        return h.select(MODERATORS).mapTo(String.class).list();
    }

    void addModerator(Handle h, String accountId, Instant at) {
        h.execute(ADD_MODERATOR, accountId, at.toEpochMilli());
    }

    void removeModerator(Handle h, String accountId) {
        h.execute(REMOVE_MODERATOR, accountId);
    }

    void audit(Handle h, AuditEntry e) {
        h.execute(INSERT_AUDIT, e.id(), e.moderatorId(), e.action(), e.targetKind(), e.targetId(), e.accountId(),
                e.reason(), millis(e.until()), e.at().toEpochMilli());
    }

    List<AuditEntry> audit(Handle h, int limit) {
        return h.select(AUDIT, limit).map((rs, ctx) -> new AuditEntry(rs.getString("id"), rs.getString("moderator_id"),
                rs.getString("action"), rs.getString("target_kind"), rs.getString("target_id"),
                rs.getString("account_id"), rs.getString("reason"), instant(rs, "until_at"),
                Instant.ofEpochMilli(rs.getLong("created_at")))).list();
    }

    Optional<Instant> restrictedUntil(Handle h, String accountId) {
        return h.select(RESTRICTED_UNTIL, accountId).mapTo(Long.class).findOne().map(Instant::ofEpochMilli);
    }

    /** The restrictions still in force at {@code now}: account id to until (epoch millis). */
    Map<String, Long> restrictionsInForce(Handle h, Instant now) {
        Map<String, Long> until = new HashMap<>();
        h.select(IN_FORCE, now.toEpochMilli()).map((rs, ctx) -> until.put(rs.getString(1), rs.getLong(2))).list();
        return Map.copyOf(until);
    }

    void restrict(Handle h, String accountId, Instant until, String reason) {
        h.execute(DELETE_RESTRICTION, accountId);
        h.execute(INSERT_RESTRICTION, accountId, until.toEpochMilli(), reason);
    }

    void unrestrict(Handle h, String accountId) {
        h.execute(DELETE_RESTRICTION, accountId);
    }

    void notice(Handle h, String id, String accountId, Notice n) {
        h.execute(INSERT_NOTICE, id, accountId, n.action(), n.reason(), millis(n.until()), n.messageId(),
                n.at().toEpochMilli());
    }

    List<Notice> notices(Handle h, String accountId) {
        return h.select(NOTICES, accountId).map((rs, ctx) -> new Notice(rs.getString("action"), rs.getString("reason"),
                instant(rs, "until_at"), rs.getString("message_id"), Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list();
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Report mapReport(ResultSet rs) throws SQLException {
        return new Report(rs.getString("id"), rs.getString("reporter_id"), rs.getString("agent_id"),
                rs.getString("target_kind"), rs.getString("target_id"), rs.getString("reported_account_id"),
                rs.getString("conversation_id"), rs.getString("message_id"), rs.getString("category"),
                rs.getString("note"), rs.getString("status"), Instant.ofEpochMilli(rs.getLong("created_at")), List.of());
    }
}
