package dev.parley.notify;

import dev.parley.account.GraphService;
import dev.parley.conversation.Member;
import dev.parley.message.MessageIds;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * The one notification decision, for one (account, conversation) at its due time: is a
 * notification needed, and what does it say? Never for a muted conversation, a declined or hidden
 * request, a level of {@code none}, quiet hours, an account with a visible socket anywhere, an
 * account kept out (suspended by the node's moderators, or deactivated by its app: its phone may be
 * signed out or someone else's, and an app would push "new message" to a user it banned), or
 * when nothing unread is left that the account's own messages, blocked senders and {@code system}
 * lines leave over; level {@code mentions} keeps only 1:1 conversations, replies to the account
 * and {@code @handle} mentions. An account that is no member may be the agent a business's
 * customer conversation is assigned to: {@link AgentDecider} decides for it. Reads the store
 * freely: it runs on the decision's own thread, never on the send path.
 */
final class Decider {
    private static final int LOOK_BACK = 100;
    /**
     * The first look: the newest few unread. Nearly always one of them may notify (the others'
     * messages are skipped only when they are the account's own, a blocked sender's or system
     * lines), so reading a hundred each time (with their texts) made the decision, not the push,
     * the cost of notifying a person who does not read (issue 17: push on was 0.71 of off).
     */
    private static final int FIRST_LOOK = 8;
    // System lines ("Ann added Bob") are never unread: the counts a notification carries leave them out.
    private static final String LINES_AFTER_READ = "(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id "
            + "AND x.author_kind = 'system' AND x.seq > m.read_seq)";
    private static final String MEMBER = "SELECT m.folder, m.read_seq, m.muted, m.muted_until, c.kind, c.last_seq, "
            + LINES_AFTER_READ + " "
            + "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
            + "WHERE m.account_id = ? AND m.conversation_id = ?";
    /** The text is read only for level {@code mentions}, the one rule that looks into it. */
    private static final String UNREAD = "SELECT seq, sender_id, %s, reply_to, author_kind FROM messages "
            + "WHERE conversation_id = ? AND seq > ? AND NOT deleted ORDER BY seq DESC LIMIT ?";
    private static final String UNREAD_WITH_TEXT = String.format(UNREAD, "text");
    private static final String UNREAD_NO_TEXT = String.format(UNREAD, "NULL");
    private static final String SENDER = "SELECT sender_id FROM messages WHERE conversation_id = ? AND seq = ?";
    private static final String HANDLE = "SELECT handle FROM accounts WHERE id = ?";
    private static final String KEPT_OUT = "SELECT suspended, suspended_until, app_deactivated FROM accounts WHERE id = ?";
    private static final String TOTAL_UNREAD = "SELECT COALESCE(SUM(c.last_seq - m.read_seq - " + LINES_AFTER_READ + "), 0) "
            + "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
            + "WHERE m.account_id = ? AND m.folder IN ('inbox', 'requests') AND c.last_seq > m.read_seq";

    private final Database db;
    private final PreferenceStore preferences;
    private final GraphService graph;
    private final Visible visible;
    private final AgentDecider agents;

    Decider(Database db, PreferenceStore preferences, GraphService graph, Visible visible, AgentDecider agents) {
        this.db = db;
        this.preferences = preferences;
        this.graph = graph;
        this.visible = visible;
        this.agents = agents;
    }

    /** @param lines system lines past the read pointer */
    private record Place(String folder, long readSeq, boolean muted, Long mutedUntil, boolean direct, long lastSeq,
                         long lines) {}

    private record Unread(long seq, String senderId, String text, String replyTo, String authorKind) {}

    Optional<NotificationNeeded> decide(String accountId, String conversationId, Instant now) {
        Preferences prefs = preferences.of(accountId);
        if (Preferences.NONE.equals(prefs.level()) || prefs.quietAt(now) || visible.anywhere(accountId)
                || keptOut(accountId, now)) {
            return Optional.empty();
        }
        Optional<Place> place = db.read(h -> h.createQuery(MEMBER).bind(0, accountId).bind(1, conversationId)
                .map((rs, c) -> {
                    long until = rs.getLong(4);
                    Long mutedUntil = rs.wasNull() ? null : until;
                    return new Place(rs.getString(1), rs.getLong(2), rs.getBoolean(3), mutedUntil,
                            "direct".equals(rs.getString(5)), rs.getLong(6), rs.getLong(7));
                }).findOne());
        if (place.isEmpty()) {
            return agents.decide(accountId, conversationId, prefs, now);
        }
        if (!notifies(place.get(), now)) {
            return Optional.empty();
        }
        Place p = place.get();
        return db.read(h -> {
            Optional<Unread> newest = eligible(h, accountId, conversationId, p, prefs);
            if (newest.isEmpty()) {
                return Optional.empty();
            }
            boolean request = Member.REQUESTS.equals(p.folder());
            long total = h.createQuery(TOTAL_UNREAD).bind(0, accountId).mapTo(Long.class).one();
            return Optional.of(new NotificationNeeded(accountId, conversationId,
                    MessageIds.of(conversationId, newest.get().seq()),
                    request ? NotificationNeeded.REQUEST : NotificationNeeded.MESSAGE, p.lastSeq() - p.readSeq() - p.lines(),
                    total,
                    newest.get().senderId(), prefs.showText() && !request, now));
        });
    }

    /** Suspended (for ever or until a time still ahead) or deactivated by its app; gone counts as kept out. */
    private boolean keptOut(String accountId, Instant now) {
        return db.read(h -> h.createQuery(KEPT_OUT).bind(0, accountId).map((rs, c) -> rs.getBoolean("suspended")
                || dev.parley.account.JdbcAccountStore.suspendedAt(rs, now.toEpochMilli()) || rs.getBoolean("app_deactivated"))
                .findOne().orElse(true));
    }

    /** An agent's verdict went to the sinks: what they were told is remembered. */
    void delivered(NotificationNeeded v) {
        if (v.actingFor() != null) {
            agents.told(v);
        }
    }

    /** In the inbox or an open request, not muted, with something unread. */
    private static boolean notifies(Place p, Instant now) {
        boolean placed = Member.INBOX.equals(p.folder()) || Member.REQUESTS.equals(p.folder());
        boolean muted = p.muted() || p.mutedUntil() != null && p.mutedUntil() > now.toEpochMilli();
        return placed && !muted && p.lastSeq() > p.readSeq();
    }

    /** The newest unread message that may notify the account, if any. */
    private Optional<Unread> eligible(Handle h, String accountId, String conversationId, Place p, Preferences prefs) {
        Set<String> blocks = graph.blocksOf(accountId);
        boolean mentionsOnly = Preferences.MENTIONS.equals(prefs.level()) && !p.direct();
        Pattern mention = mentionsOnly ? mentionOf(h, accountId) : null;
        for (int limit : new int[] {FIRST_LOOK, LOOK_BACK}) {
            List<Unread> unread = unread(h, conversationId, p.readSeq(), mentionsOnly, limit);
            for (Unread u : unread) {
                if (u.senderId().equals(accountId) || blocks.contains(u.senderId()) || "system".equals(u.authorKind())) {
                    continue;
                }
                if (!mentionsOnly || mention != null && mention.matcher(u.text()).find() || repliesTo(h, u, accountId)) {
                    return Optional.of(u);
                }
            }
            if (unread.size() < limit) {
                return Optional.empty(); // nothing older is unread
            }
        }
        return Optional.empty();
    }

    private static List<Unread> unread(Handle h, String conversationId, long readSeq, boolean withText, int limit) {
        return h.createQuery(withText ? UNREAD_WITH_TEXT : UNREAD_NO_TEXT)
                .bind(0, conversationId).bind(1, readSeq).bind(2, limit)
                .map((rs, c) -> new Unread(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5))).list();
    }

    private static boolean repliesTo(Handle h, Unread u, String accountId) {
        return MessageIds.parse(u.replyTo())
                .flatMap(k -> h.createQuery(SENDER).bind(0, k.conversationId()).bind(1, k.seq()).mapTo(String.class).findOne())
                .filter(accountId::equals).isPresent();
    }

    private static Pattern mentionOf(Handle h, String accountId) {
        return h.createQuery(HANDLE).bind(0, accountId).mapTo(String.class).findOne()
                .map(handle -> Pattern.compile("(?<![A-Za-z0-9_.])@" + Pattern.quote(handle) + "(?![A-Za-z0-9_])",
                        Pattern.CASE_INSENSITIVE))
                .orElse(null);
    }
}
