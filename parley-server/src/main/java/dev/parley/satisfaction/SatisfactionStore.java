package dev.parley.satisfaction;

import dev.parley.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The satisfaction questions asked and their answers, and what a resolution needs to ask one. */
public final class SatisfactionStore {
    private static final String COLUMNS = "conversation_id, request_seq, business_id, customer_id, agent_id, "
            + "message_id, asked_at, score, comment, rated_at";
    private static final String INSERT = "INSERT INTO satisfaction_ratings (conversation_id, request_seq, business_id, "
            + "customer_id, agent_id, message_id, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (conversation_id, request_seq) DO NOTHING";
    private static final String ONE = "SELECT " + COLUMNS + " FROM satisfaction_ratings "
            + "WHERE conversation_id = ? AND request_seq = ?";
    private static final String LATEST = "SELECT " + COLUMNS + " FROM satisfaction_ratings WHERE conversation_id = ? "
            + "ORDER BY request_seq DESC LIMIT 1";
    private static final String RATE = "UPDATE satisfaction_ratings SET score = ?, comment = ?, rated_at = ?, answer_seq = ? "
            + "WHERE conversation_id = ? AND request_seq = ? AND score IS NULL";
    private static final String ANSWERED_BY = "SELECT 1 FROM satisfaction_ratings WHERE conversation_id = ? AND answer_seq = ?";
    private static final String RATED = "SELECT " + COLUMNS + " FROM satisfaction_ratings "
            + "WHERE business_id = ? AND rated_at >= ? AND rated_at < ? ORDER BY rated_at, conversation_id";
    private static final String RATED_OF = "SELECT " + COLUMNS + " FROM satisfaction_ratings "
            + "WHERE business_id = ? AND score IS NOT NULL AND asked_at >= ? ORDER BY conversation_id, request_seq";
    /** The customer's latest message: what a resolution closes. */
    private static final String LAST_FROM = "SELECT MAX(seq) FROM messages WHERE conversation_id = ? AND sender_id = ?";
    private static final String TEXT = "SELECT text FROM messages WHERE conversation_id = ? AND seq = ? AND NOT deleted";
    /** The newest message a person or a bot wrote for the business: was the customer last helped by a person? */
    private static final String LAST_HELPER = "SELECT author_kind FROM messages WHERE conversation_id = ? "
            + "AND author_kind IN ('agent', 'bot') AND NOT deleted ORDER BY seq DESC LIMIT 1";
    /** Whom the latest resolution names: the resolver (used when nobody was assigned). */
    private static final String RESOLVER = "SELECT agent_id FROM inbox_status_log WHERE business_id = ? "
            + "AND conversation_id = ? AND status = 'resolved' ORDER BY at DESC LIMIT 1";

    private final Database db;

    public SatisfactionStore(Database db) {
        this.db = db;
    }

    /** @return whether it was recorded now (false: this request was asked about already) */
    boolean asked(Rating r) {
        return db.write(h -> h.execute(INSERT, r.conversationId(), r.requestSeq(), r.businessId(), r.customerId(),
                r.agentId(), r.messageId(), r.askedAt().toEpochMilli()) > 0);
    }

    /** Whether an agent wrote in the conversation after the bot last spoke (a hand-over is its last word until a person writes). */
    boolean agentWroteLast(String conversationId) {
        return db.read(h -> h.createQuery(LAST_HELPER).bind(0, conversationId)
                .map((rs, c) -> "agent".equals(rs.getString(1))).findOne().orElse(false));
    }

    Optional<Rating> one(String conversationId, long requestSeq) {
        return db.read(h -> h.createQuery(ONE).bind(0, conversationId).bind(1, requestSeq).map((rs, c) -> map(rs))
                .findOne());
    }

    Optional<Rating> latest(String conversationId) {
        return db.read(h -> latest(h, conversationId));
    }

    private static Optional<Rating> latest(Handle h, String conversationId) {
        return h.createQuery(LATEST).bind(0, conversationId).map((rs, c) -> map(rs)).findOne();
    }

    /**
     * @param answerSeq the customer's message that typed the answer, null for the buttons
     * @return whether it was unanswered until now
     */
    boolean rate(Rating r, int score, String comment, Instant at, Long answerSeq) {
        return db.write(h -> h.execute(RATE, score, comment, at.toEpochMilli(), answerSeq, r.conversationId(),
                r.requestSeq()) > 0);
    }

    /** This message typed the answer to a question of its conversation. */
    boolean answeredBy(String conversationId, long seq) {
        return db.read(h -> h.createQuery(ANSWERED_BY).bind(0, conversationId).bind(1, seq).mapTo(Integer.class)
                .findOne().isPresent());
    }

    Optional<Long> lastFrom(String conversationId, String accountId) {
        return db.read(h -> h.createQuery(LAST_FROM).bind(0, conversationId).bind(1, accountId).mapTo(Long.class)
                .findOne());
    }

    /** A message's text, unless it was unsent. */
    Optional<String> text(String conversationId, long seq) {
        return db.read(h -> h.createQuery(TEXT).bind(0, conversationId).bind(1, seq).mapTo(String.class).findOne());
    }

    Optional<String> resolver(String businessId, String conversationId) {
        return db.read(h -> h.createQuery(RESOLVER).bind(0, businessId).bind(1, conversationId).mapTo(String.class)
                .findOne());
    }

    /** Answers given in {@code [from, to)}: the dashboard's figures. */
    public List<Rating> rated(String businessId, Instant from, Instant to) {
        return db.read(h -> h.createQuery(RATED).bind(0, businessId).bind(1, from.toEpochMilli())
                .bind(2, to.toEpochMilli()).map((rs, c) -> map(rs)).list());
    }

    /** Every answer to a question asked since {@code since}: for the export's rows. */
    public List<Rating> answeredSince(String businessId, Instant since) {
        return db.read(h -> h.createQuery(RATED_OF).bind(0, businessId).bind(1, since.toEpochMilli())
                .map((rs, c) -> map(rs)).list());
    }

    private static Rating map(ResultSet rs) throws SQLException {
        int score = rs.getInt("score");
        Integer s = rs.wasNull() ? null : score;
        long rated = rs.getLong("rated_at");
        Instant ratedAt = rs.wasNull() ? null : Instant.ofEpochMilli(rated);
        return new Rating(rs.getString("conversation_id"), rs.getLong("request_seq"), rs.getString("business_id"),
                rs.getString("customer_id"), rs.getString("agent_id"), rs.getString("message_id"),
                Instant.ofEpochMilli(rs.getLong("asked_at")), s, rs.getString("comment"), ratedAt);
    }
}
