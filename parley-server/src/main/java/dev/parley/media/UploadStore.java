package dev.parley.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The uploads table; every method joins the caller's handle. */
final class UploadStore {
    private static final String COLUMNS = "id, owner_id, type, name, size, width, height, duration_ms, thumbnails, "
            + "created_at, conversation_id, seq";
    private static final String INSERT = "INSERT INTO uploads (id, owner_id, type, name, size, width, height, "
            + "duration_ms, thumbnails, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String GET = "SELECT " + COLUMNS + " FROM uploads WHERE id = ?";
    private static final String BY_IDS = "SELECT " + COLUMNS + " FROM uploads WHERE id IN (<ids>)";
    private static final String OLDEST_SINCE = "SELECT MIN(created_at) FROM uploads WHERE owner_id = ? AND created_at >= ?";
    private static final String USED_SINCE = "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE owner_id = ? AND created_at >= ?";
    private static final String CLAIM = "UPDATE uploads SET conversation_id = ?, seq = ?, position = ? "
            + "WHERE id = ? AND owner_id = ? AND conversation_id IS NULL";
    private static final String FOR_MESSAGES = "SELECT " + COLUMNS + " FROM uploads WHERE conversation_id = :c "
            + "AND seq IN (<seqs>) ORDER BY seq, position";
    private static final String OF_LAST = "SELECT " + COLUMNS + " FROM uploads WHERE conversation_id IN (<cs>) "
            + "AND seq IN (<seqs>) ORDER BY conversation_id, seq, position";
    private static final String OF_MESSAGE = "SELECT " + COLUMNS + " FROM uploads WHERE conversation_id = ? AND seq = ? "
            + "ORDER BY position";
    private static final String DELETE = "DELETE FROM uploads WHERE id = ?";
    private static final String DELETE_UNUSED = "DELETE FROM uploads WHERE id = ? AND conversation_id IS NULL "
            + "AND avatar_of IS NULL";
    private static final String UNUSED_BEFORE = "SELECT " + COLUMNS + " FROM uploads WHERE conversation_id IS NULL "
            + "AND avatar_of IS NULL AND created_at < ? ORDER BY created_at LIMIT ?";
    private static final String OWNED_BY = "SELECT " + COLUMNS + " FROM uploads WHERE owner_id = ? AND id > ? "
            + "ORDER BY id LIMIT ?";
    /** An account's uploads wait for each other on PostgreSQL, so the daily quota holds under a race. */
    private static final String LOCK_OWNER = "SELECT id FROM accounts WHERE id = ? FOR UPDATE";
    private static final String THUMBNAILS_DONE = "UPDATE uploads SET thumbnails = ? WHERE id = ?";

    private static final String CLAIM_AVATAR = "UPDATE uploads SET avatar_of = ? WHERE id = ? AND owner_id = ? "
            + "AND conversation_id IS NULL";
    private static final String RELEASE_AVATAR = "UPDATE uploads SET avatar_of = NULL WHERE id = ?";
    private static final String IS_AVATAR = "SELECT 1 FROM uploads WHERE id = ? AND avatar_of IS NOT NULL";

    /** @return false when the upload is not the account's own unsent file */
    boolean claimAvatar(Handle h, String id, String accountId) {
        return h.execute(CLAIM_AVATAR, accountId, id, accountId) > 0;
    }

    void releaseAvatar(Handle h, String id) {
        h.execute(RELEASE_AVATAR, id);
    }

    boolean isAvatar(Handle h, String id) {
        return h.createQuery(IS_AVATAR).bind(0, id).mapTo(Integer.class).findOne().isPresent();
    }

    void insert(Handle h, Upload u) {
        h.createUpdate(INSERT).bind(0, u.id()).bind(1, u.ownerId()).bind(2, u.type()).bind(3, u.name())
                .bind(4, u.size()).bind(5, u.width()).bind(6, u.height()).bind(7, u.durationMs())
                .bind(8, u.thumbnails()).bind(9, u.createdAt().toEpochMilli()).execute();
    }

    Optional<Upload> get(Handle h, String id) {
        return h.createQuery(GET).bind(0, id).map((rs, c) -> map(rs)).findOne();
    }

    List<Upload> byIds(Handle h, Collection<String> ids) {
        return h.createQuery(BY_IDS).bindList("ids", List.copyOf(ids)).map((rs, c) -> map(rs)).list();
    }

    /** Locks the owner's row until the transaction ends (PostgreSQL only: SQLite has no FOR UPDATE). */
    void lockOwner(Handle h, String ownerId) {
        h.createQuery(LOCK_OWNER).bind(0, ownerId).mapTo(String.class).findOne();
    }

    /** Bytes the account uploaded since then (the daily quota). */
    long usedSince(Handle h, String ownerId, Instant since) {
        return h.createQuery(USED_SINCE).bind(0, ownerId).bind(1, since.toEpochMilli()).mapTo(Long.class).one();
    }

    /** When the account's oldest upload since then was made (the quota frees up a day after it). */
    Optional<Instant> oldestSince(Handle h, String ownerId, Instant since) {
        return h.createQuery(OLDEST_SINCE).bind(0, ownerId).bind(1, since.toEpochMilli()).mapTo(Long.class)
                .findOne().map(Instant::ofEpochMilli);
    }

    /** Attaches an unused upload of this owner to a message; false if it is not theirs or already used. */
    boolean claim(Handle h, String id, String ownerId, String conversationId, long seq, int position) {
        return h.createUpdate(CLAIM).bind(0, conversationId).bind(1, seq).bind(2, position).bind(3, id)
                .bind(4, ownerId).execute() == 1;
    }

    List<Upload> forMessages(Handle h, String conversationId, Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        return h.createQuery(FOR_MESSAGES).bind("c", conversationId).bindList("seqs", List.copyOf(seqs))
                .map((rs, c) -> map(rs)).list();
    }

    /** The uploads of one message in each conversation (the conversation list's last messages). */
    List<Upload> ofMessages(Handle h, java.util.Map<String, Long> seqByConversation) {
        if (seqByConversation.isEmpty()) {
            return List.of();
        }
        return h.createQuery(OF_LAST).bindList("cs", List.copyOf(seqByConversation.keySet()))
                .bindList("seqs", seqByConversation.values().stream().distinct().toList())
                .map((rs, c) -> map(rs)).stream()
                .filter(u -> u.seq().equals(seqByConversation.get(u.conversationId()))).toList();
    }

    List<Upload> ofMessage(Handle h, String conversationId, long seq) {
        return h.createQuery(OF_MESSAGE).bind(0, conversationId).bind(1, seq).map((rs, c) -> map(rs)).list();
    }

    void delete(Handle h, String id) {
        h.createUpdate(DELETE).bind(0, id).execute();
    }

    /** Deletes the upload unless a send took it meanwhile. */
    boolean deleteUnused(Handle h, String id) {
        return h.createUpdate(DELETE_UNUSED).bind(0, id).execute() == 1;
    }

    List<Upload> unusedBefore(Handle h, Instant before, int limit) {
        return h.createQuery(UNUSED_BEFORE).bind(0, before.toEpochMilli()).bind(1, limit).map((rs, c) -> map(rs)).list();
    }

    /** The account's uploads with ids after {@code after}, by id (a person's files, page by page). */
    List<Upload> ownedBy(Handle h, String ownerId, String after, int limit) {
        return h.createQuery(OWNED_BY).bind(0, ownerId).bind(1, after).bind(2, limit).map((rs, c) -> map(rs)).list();
    }

    /** Marks the thumbnails stored; false if the upload's row is gone meanwhile (swept, unsent, erased). */
    boolean thumbnailsDone(Handle h, String id) {
        return h.createUpdate(THUMBNAILS_DONE).bind(0, true).bind(1, id).execute() == 1;
    }

    private static Upload map(ResultSet rs) throws SQLException {
        return new Upload(rs.getString("id"), rs.getString("owner_id"), rs.getString("type"), rs.getString("name"),
                rs.getLong("size"), (Integer) nullable(rs, rs.getInt("width")), (Integer) nullable(rs, rs.getInt("height")),
                (Long) nullable(rs, rs.getLong("duration_ms")), rs.getBoolean("thumbnails"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("conversation_id"),
                (Long) nullable(rs, rs.getLong("seq")));
    }

    private static Object nullable(ResultSet rs, Object value) throws SQLException {
        return rs.wasNull() ? null : value;
    }
}
