package dev.parley.datarights;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.conversation.ConversationStore;
import dev.parley.conversation.ConversationView;
import dev.parley.conversation.Member;
import dev.parley.conversation.SystemLine;
import dev.parley.http.Json;
import dev.parley.message.MessageIds;
import dev.parley.store.Database;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jdbi.v3.core.Handle;

/**
 * Writes one person's archive: a zip of JSON documents, streamed (a conversation's messages are
 * read a page at a time, never all held at once).
 * <ul>
 *   <li>{@code profile.json}, {@code settings.json}, {@code follows.json} (both ways, and likes),
 *       {@code blocks.json};</li>
 *   <li>{@code conversations.json}: the conversations the person is in, with their members;</li>
 *   <li>{@code messages/CONVERSATION.json}: every message still there in each conversation the
 *       person sees (sent and received), and in any other conversation (one left, a declined
 *       request) only the messages the person sent; each with the {@code attachments} it carried
 *       (id, name, type, size, and {@code file}: where this archive holds it, for the person's own
 *       files, else null);</li>
 *   <li>{@code files/…}: the person's files, from {@link PersonalFiles}.</li>
 * </ul>
 */
final class ArchiveWriter {
    private static final int PAGE = 1_000;
    private static final String FOLLOWING = "SELECT followee_id FROM follows WHERE follower_id = ? ORDER BY followee_id";
    private static final String FOLLOWERS = "SELECT follower_id FROM follows WHERE followee_id = ? ORDER BY follower_id";
    private static final String LIKES = "SELECT business_id FROM likes WHERE account_id = ? ORDER BY business_id";
    private static final String BLOCKS = "SELECT blocked_id FROM blocks WHERE blocker_id = ? ORDER BY blocked_id";
    private static final String BLOCKED_BY = "SELECT blocker_id FROM blocks WHERE blocked_id = ?";
    private static final String CONVERSATIONS = "SELECT c.id, c.kind, c.title, c.created_at, m.folder, m.joined_at "
            + "FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id WHERE m.account_id = ? "
            + "ORDER BY c.id";
    private static final String SENT_IN = "SELECT DISTINCT conversation_id FROM messages WHERE sender_id = ? "
            + "ORDER BY conversation_id";
    private static final String PAGE_ALL = "SELECT seq, sender_id, text, reply_to, created_at, edited_at, system_event FROM messages "
            + "WHERE conversation_id = ? AND seq > ? AND deleted = ? "
            // Not another's shadowed messages: the account never received them.
            + "AND NOT EXISTS (SELECT 1 FROM shadowed_messages s WHERE s.conversation_id = messages.conversation_id "
            + "AND s.seq = messages.seq AND s.sender_id <> ?) "
            // Nor others' messages outside the account's view: before it joined or re-joined a group, or deleted for it.
            + "AND (messages.sender_id = ? OR messages.seq > COALESCE((SELECT cm.cleared_seq FROM conversation_members cm "
            + "WHERE cm.conversation_id = messages.conversation_id AND cm.account_id = ?), 0)) ORDER BY seq LIMIT " + PAGE;
    private static final String PAGE_OWN = "SELECT seq, sender_id, text, reply_to, created_at, edited_at, system_event FROM messages "
            + "WHERE conversation_id = ? AND seq > ? AND deleted = ? AND sender_id = ? ORDER BY seq LIMIT " + PAGE;

    private final Database db;
    private final AccountStore accounts;
    private final ConversationStore conversations;
    private final PersonalFiles files;

    ArchiveWriter(Database db, AccountStore accounts, ConversationStore conversations, PersonalFiles files) {
        this.db = db;
        this.accounts = accounts;
        this.conversations = conversations;
        this.files = files;
    }

    private record Conv(String id, String kind, String title, Instant createdAt, String folder, Instant joinedAt) {}

    private record Row(String id, long seq, String senderId, boolean mine, String text, String replyTo,
                       Instant createdAt, Instant editedAt, List<Attachment> attachments) {
        Row with(List<Attachment> files) {
            return new Row(id, seq, senderId, mine, text, replyTo, createdAt, editedAt, files);
        }
    }

    /** A file a message carried; {@code file} is its entry in this archive (the person's own files only), else null. */
    private record Attachment(String id, String name, String type, long size, String file) {}

    void write(String accountId, OutputStream out) throws IOException {
        Account a = accounts.byId(accountId).orElseThrow(() -> new IOException("no account " + accountId));
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            Map<String, Object> profile = new LinkedHashMap<>();
            profile.put("id", a.id());
            profile.put("handle", a.handle());
            profile.put("display_name", a.displayName());
            profile.put("preferred_name", a.preferredName().orElse(null));
            profile.put("kind", a.kind());
            profile.put("verified", a.verified());
            profile.put("external_id", a.externalId().orElse(null));
            profile.put("created_at", a.createdAt());
            document(zip, "profile.json", profile);
            document(zip, "settings.json", Map.of("dm_policy", a.dmPolicy(), "read_receipts", a.readReceipts(),
                    "hidden_words", a.hiddenWords()));
            document(zip, "follows.json", db.read(h -> Map.of("following", ids(h, FOLLOWING, accountId),
                    "followers", ids(h, FOLLOWERS, accountId), "likes", ids(h, LIKES, accountId))));
            document(zip, "blocks.json", db.read(h -> Map.of("blocked", ids(h, BLOCKS, accountId))));
            List<Conv> in = db.read(h -> h.createQuery(CONVERSATIONS).bind(0, accountId).map((rs, c) -> new Conv(
                    rs.getString("id"), rs.getString("kind"), rs.getString("title"),
                    Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("folder"),
                    Instant.ofEpochMilli(rs.getLong("joined_at")))).list());
            // Who blocked the person: named "Parley user" here as in the conversation views, so the
            // archive does not hand them a name chosen after the block.
            Set<String> blockedBy = new HashSet<>(db.read(h -> ids(h, BLOCKED_BY, accountId)));
            document(zip, "conversations.json",
                    db.read(h -> in.stream().map(c -> conversation(h, c, blockedBy)).toList()));
            Set<String> seen = new LinkedHashSet<>();
            for (Conv c : in) {
                boolean sees = !Member.DECLINED.equals(c.folder()) && !Member.HELD.equals(c.folder());
                messages(zip, accountId, c.id(), !sees, blockedBy);
                seen.add(c.id());
            }
            for (String other : db.read(h -> h.createQuery(SENT_IN).bind(0, accountId).mapTo(String.class).list())) {
                if (!seen.contains(other)) {
                    messages(zip, accountId, other, true, blockedBy);
                }
            }
            files.exportOf(accountId, name -> {
                zip.putNextEntry(new ZipEntry(fileEntry(name)));
                return new FilterOutputStream(zip) {
                    @Override
                    public void close() throws IOException {
                        zip.closeEntry();
                    }
                };
            });
        }
    }

    private Map<String, Object> conversation(Handle h, Conv c, Set<String> blockedBy) {
        List<String> memberIds = conversations.members(h, c.id()).stream().map(Member::accountId).toList();
        List<Map<String, Object>> members = new ArrayList<>();
        for (Account m : accounts.byIds(memberIds)) {
            members.add(Map.of("id", m.id(), "handle", m.handle(), "display_name",
                    blockedBy.contains(m.id()) ? ConversationView.BLOCKED_NAME : m.displayName()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("kind", c.kind());
        out.put("title", c.title());
        out.put("folder", c.folder());
        out.put("created_at", c.createdAt());
        out.put("joined_at", c.joinedAt());
        out.put("members", members);
        return out;
    }

    private void messages(ZipOutputStream zip, String accountId, String conversationId, boolean onlyOwn,
                          Set<String> blockedBy) throws IOException {
        zip.putNextEntry(new ZipEntry("messages/" + conversationId + ".json"));
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(zip);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeStringField("conversation_id", conversationId);
        g.writeFieldName("messages");
        g.writeStartArray();
        long after = 0;
        while (true) {
            long from = after;
            List<Row> page = db.read(h -> (onlyOwn
                    ? h.createQuery(PAGE_OWN).bind(0, conversationId).bind(1, from).bind(2, false).bind(3, accountId)
                    : h.createQuery(PAGE_ALL).bind(0, conversationId).bind(1, from).bind(2, false).bind(3, accountId)
                            .bind(4, accountId).bind(5, accountId))
                    .map((rs, c) -> {
                        long edited = rs.getLong("edited_at");
                        Instant editedAt = rs.wasNull() ? null : Instant.ofEpochMilli(edited);
                        long seq = rs.getLong("seq");
                        String sender = rs.getString("sender_id");
                        String system = rs.getString("system_event");
                        String worded = system == null || blockedBy.isEmpty() ? null
                                : SystemLine.wordedFor(system, blockedBy::contains, accounts::byId);
                        return new Row(MessageIds.of(conversationId, seq), seq, sender, sender.equals(accountId),
                                worded != null ? worded : rs.getString("text"), rs.getString("reply_to"),
                                Instant.ofEpochMilli(rs.getLong("created_at")), editedAt, List.of());
                    }).list());
            Map<Long, List<PersonalFiles.SentFile>> carried =
                    files.sentWith(conversationId, page.stream().map(Row::seq).toList());
            for (Row r : page) {
                g.writeObject(r.with(carried.getOrDefault(r.seq(), List.of()).stream()
                        .map(f -> new Attachment(f.id(), f.name(), f.type(), f.size(),
                                f.ownerId().equals(accountId) ? fileEntry(f.entry()) : null))
                        .toList()));
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        zip.closeEntry();
    }

    /** A file's entry in the archive, for the name {@link PersonalFiles#exportOf} gives it. */
    private static String fileEntry(String name) {
        return "files/" + name.replace("..", "_");
    }

    private static List<String> ids(Handle h, String sql, String accountId) {
        return h.createQuery(sql).bind(0, accountId).mapTo(String.class).list();
    }

    private static void document(ZipOutputStream zip, String name, Object value) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
        zip.closeEntry();
    }
}
