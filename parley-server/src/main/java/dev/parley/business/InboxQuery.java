package dev.parley.business;

import dev.parley.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;

/**
 * One request for a page of the shared inbox: its filters, its order and where the last page
 * ended. {@code urgent} order puts complaints first, then the newest activity; {@code newest}
 * is by activity alone. Ties break on the conversation id, so paging never skips or repeats.
 *
 * @param status   null for every status; {@code bot} for open ones the FAQ bot is handling; {@code snoozed}
 *                 for open ones snoozed past {@code now} (epoch ms), which the open view leaves out
 * @param assignee null for anyone; {@link #NOBODY} for unassigned ones; else an agent's id
 * @param label    null for any
 */
record InboxQuery(String businessId, String status, String assignee, String label, boolean urgentFirst,
                  Optional<Position> after, long now) {
    static final String NOBODY = "";

    /** Where a page ended: the last row's sort key. */
    record Position(int priority, long at, String conversationId) {
        static Position of(InboxRow r) {
            return new Position(r.priority(), r.lastActivityAt().toEpochMilli(), r.conversationId());
        }

        String encode() {
            String raw = priority + ":" + at + ":" + conversationId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
                if (p.length != 3) {
                    throw new IllegalArgumentException();
                }
                return new Position(Integer.parseInt(p[0]), Long.parseLong(p[1]), p[2]);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("'cursor' is not one this server gave out.");
            }
        }
    }

    String sql(String columns) {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns)
                .append(" FROM inbox_conversations i WHERE i.business_id = :business");
        if (InboxRow.BOT.equals(status)) {
            sql.append(" AND i.status = 'open' AND i.bot");
        } else if (InboxRow.SNOOZED.equals(status)) {
            sql.append(" AND i.status = 'open' AND NOT i.bot AND i.snoozed_until > :now");
        } else if (InboxRow.OPEN.equals(status)) {
            // The open view is the team's work now: what the bot is handling and what is snoozed wait apart.
            sql.append(" AND i.status = 'open' AND NOT i.bot AND (i.snoozed_until IS NULL OR i.snoozed_until <= :now)");
        } else if (status != null) {
            sql.append(" AND i.status = :status");
        }
        if (NOBODY.equals(assignee)) {
            sql.append(" AND i.assignee_id IS NULL");
        } else if (assignee != null) {
            sql.append(" AND i.assignee_id = :assignee");
        }
        if (label != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM inbox_labels l WHERE l.business_id = i.business_id "
                    + "AND l.conversation_id = i.conversation_id AND l.label = :label)");
        }
        String newer = "(i.last_activity_at < :at OR (i.last_activity_at = :at AND i.conversation_id < :id))";
        if (after.isPresent()) {
            sql.append(urgentFirst ? " AND (i.priority < :priority OR (i.priority = :priority AND " + newer + "))"
                    : " AND " + newer);
        }
        sql.append(" ORDER BY ").append(urgentFirst ? "i.priority DESC, " : "")
                .append("i.last_activity_at DESC, i.conversation_id DESC LIMIT :limit");
        return sql.toString();
    }

    Query bind(Query q, int limit) {
        q.bind("business", businessId).bind("limit", limit);
        if (InboxRow.OPEN.equals(status) || InboxRow.SNOOZED.equals(status)) {
            q.bind("now", now);
        } else if (status != null && !InboxRow.BOT.equals(status)) {
            q.bind("status", status);
        }
        if (assignee != null && !NOBODY.equals(assignee)) {
            q.bind("assignee", assignee);
        }
        if (label != null) {
            q.bind("label", label);
        }
        after.ifPresent(p -> {
            q.bind("at", p.at()).bind("id", p.conversationId());
            if (urgentFirst) {
                q.bind("priority", p.priority());
            }
        });
        return q;
    }
}
