package dev.parley.automation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.http.Json;
import dev.parley.store.Database;
import dev.parley.store.Dialect;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * Automation settings, FAQ entries and per-conversation bot state.
 *
 * @implNote A conversation's bot state is changed only through {@link #handle} and
 * {@link #resume}, which exclude each other and every other node: on PostgreSQL by the row's lock,
 * held by a transaction that stays open while the work runs (its sends commit on other
 * connections; a node that dies drops its connection and with it the lock); on SQLite, the store
 * of one node only, by a lock in this process, because a SQLite write transaction cannot stay open
 * while the work's own sends need the single writer.
 */
public final class AutomationStore {
    private static final String SETTINGS = "SELECT settings FROM automation_settings WHERE business_id = ?";
    private static final String DELETE_SETTINGS = "DELETE FROM automation_settings WHERE business_id = ?";
    private static final String INSERT_SETTINGS = "INSERT INTO automation_settings (business_id, settings) VALUES (?, ?)";
    private static final String FAQ = "SELECT id, question, more_questions, answer, keywords, created_at FROM faq_entries WHERE business_id = ? "
            + "ORDER BY created_at, id";
    private static final String INSERT_FAQ = "INSERT INTO faq_entries (id, business_id, question, more_questions, answer, keywords, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_FAQ = "UPDATE faq_entries SET question = ?, more_questions = ?, answer = ?, keywords = ? "
            + "WHERE id = ? AND business_id = ?";
    private static final String DELETE_FAQ = "DELETE FROM faq_entries WHERE id = ? AND business_id = ?";
    private static final String INSERT_UNANSWERED = "INSERT INTO faq_unanswered (business_id, conversation_id, seq, "
            + "created_at) VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, seq) DO NOTHING";
    /** The newest questions the bot could not answer whose message still stands. */
    private static final String UNANSWERED = "SELECT m.text, u.conversation_id, u.created_at FROM faq_unanswered u "
            + "JOIN messages m ON m.conversation_id = u.conversation_id AND m.seq = u.seq "
            + "WHERE u.business_id = ? AND m.deleted = FALSE ORDER BY u.created_at DESC, u.seq DESC LIMIT 100";
    private static final String STATE = "SELECT instant_sent, away_period, bot_spoke, misses, handed_off, seen_seq FROM bot_state "
            + "WHERE conversation_id = ?";
    private static final String INSERT_STATE = "INSERT INTO bot_state (conversation_id, business_id, seen_seq) "
            + "VALUES (?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING";
    private static final String RESUME = "UPDATE bot_state SET misses = 0, handed_off = FALSE WHERE conversation_id = ?";
    /** Conversations with a customer message automation has not handled: left behind by a stop or a crash. */
    private static final String BEHIND = "SELECT s.business_id, s.conversation_id, s.seen_seq FROM bot_state s "
            + "WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = s.conversation_id "
            + "AND m.seq > s.seen_seq AND m.sender_id <> s.business_id)";
    private static final String UPDATE_STATE = "UPDATE bot_state SET instant_sent = ?, away_period = ?, bot_spoke = ?, "
            + "misses = ?, handed_off = ?, seen_seq = ? WHERE conversation_id = ?";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final Database db;
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    public AutomationStore(Database db) {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
        this.db = db;
    }

    /**
     * One FAQ entry: every phrasing of its question points at its answer.
     *
     * @param question  the first phrasing (the one the owner typed first; kept for clients that know one)
     * @param questions every phrasing, {@code question} first
     */
    public record Faq(String id, String question, List<String> questions, String answer, List<String> keywords,
                      Instant createdAt) {
        public Faq {
            questions = questions == null || questions.isEmpty() ? List.of(question) : List.copyOf(questions);
            question = questions.get(0);
        }

        public Faq(String id, String question, String answer, List<String> keywords, Instant createdAt) {
            this(id, question, List.of(question), answer, keywords, createdAt);
        }

        /** The same entry with another creation time. */
        public Faq created(Instant at) {
            return new Faq(id, question, questions, answer, keywords, at);
        }
    }

    /** A customer question the FAQ bot could not answer. */
    public record Unanswered(String text, String conversationId, Instant createdAt) {}

    /** What automation has done in one conversation. */
    public record State(boolean instantSent, Long awayPeriod, boolean botSpoke, int misses, boolean handedOff,
                        long seenSeq) {
        public static final State NEW = new State(false, null, false, 0, false, 0);

        public State seen(long seq) {
            return new State(instantSent, awayPeriod, botSpoke, misses, handedOff, Math.max(seenSeq, seq));
        }
    }

    /** A conversation automation is behind in. */
    public record Behind(String businessId, String conversationId, long seenSeq) {}

    public AutomationSettings settings(String businessId) {
        return db.read(h -> h.createQuery(SETTINGS).bind(0, businessId).mapTo(String.class).findOne())
                .map(AutomationStore::parse).orElse(AutomationSettings.defaults());
    }

    public void putSettings(String businessId, AutomationSettings s) {
        db.writeVoid(h -> {
            h.execute(DELETE_SETTINGS, businessId);
            h.execute(INSERT_SETTINGS, businessId, Json.write(s));
        });
    }

    private static AutomationSettings parse(String json) {
        try {
            return Json.MAPPER.readValue(json, AutomationSettings.class).completed();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored automation settings are not valid", e);
        }
    }

    public List<Faq> faq(String businessId) {
        return db.read(h -> h.createQuery(FAQ).bind(0, businessId).map((rs, c) -> {
            try {
                List<String> questions = new java.util.ArrayList<>();
                questions.add(rs.getString("question"));
                questions.addAll(Json.MAPPER.readValue(rs.getString("more_questions"), STRINGS));
                return new Faq(rs.getString("id"), null, questions, rs.getString("answer"),
                        Json.MAPPER.readValue(rs.getString("keywords"), STRINGS), Instant.ofEpochMilli(rs.getLong("created_at")));
            } catch (JsonProcessingException e) {
                throw new java.sql.SQLException("bad keywords or phrasings", e);
            }
        }).list());
    }

    public void insertFaq(String businessId, Faq f) {
        db.writeVoid(h -> h.execute(INSERT_FAQ, f.id(), businessId, f.question(), more(f), f.answer(), Json.write(f.keywords()),
                f.createdAt().toEpochMilli()));
    }

    public boolean updateFaq(String businessId, Faq f) {
        return db.write(h -> h.execute(UPDATE_FAQ, f.question(), more(f), f.answer(), Json.write(f.keywords()), f.id(),
                businessId) > 0);
    }

    private static String more(Faq f) {
        return Json.write(f.questions().subList(1, f.questions().size()));
    }

    /** Notes that the bot found no entry for a customer's message (once per message, however often replayed). */
    public void noteUnanswered(String businessId, String conversationId, long seq, Instant at) {
        db.writeVoid(h -> h.execute(INSERT_UNANSWERED, businessId, conversationId, seq, at.toEpochMilli()));
    }

    /** The newest questions the bot could not answer, each text once, newest first. */
    public List<Unanswered> unanswered(String businessId, int limit) {
        java.util.Map<String, Unanswered> out = new java.util.LinkedHashMap<>();
        db.read(h -> h.createQuery(UNANSWERED).bind(0, businessId).map((rs, c) -> new Unanswered(rs.getString(1),
                rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)))).list())
                .forEach(u -> out.putIfAbsent(u.text().strip().toLowerCase(java.util.Locale.ROOT), u));
        return out.values().stream().limit(limit).toList();
    }

    public boolean deleteFaq(String businessId, String id) {
        return db.write(h -> h.execute(DELETE_FAQ, id, businessId) > 0);
    }

    public State state(String conversationId) {
        return db.read(h -> read(h, STATE, conversationId)).orElse(State.NEW);
    }

    private static Optional<State> read(Handle h, String sql, String conversationId) {
        return h.createQuery(sql).bind(0, conversationId).map((rs, c) -> {
            long away = rs.getLong("away_period");
            Long awayPeriod = rs.wasNull() ? null : away;
            return new State(rs.getBoolean("instant_sent"), awayPeriod, rs.getBoolean("bot_spoke"), rs.getInt("misses"),
                    rs.getBoolean("handed_off"), rs.getLong("seen_seq"));
        }).findOne();
    }

    /**
     * Runs {@code work} on the conversation's bot state with every other handler of it (on any
     * node) held off, and stores the state it returns. A conversation new to automation starts
     * with {@code seen_seq = startAfter}.
     */
    public State handle(String businessId, String conversationId, long startAfter, UnaryOperator<State> work) {
        if (db.dialect() == Dialect.POSTGRES) {
            return db.write(h -> {
                h.execute(INSERT_STATE, conversationId, businessId, startAfter);
                State s = read(h, STATE + " FOR UPDATE", conversationId).orElseThrow();
                State next = work.apply(s);
                save(h, conversationId, s, next);
                return next;
            });
        }
        ReentrantLock lock = stripe(conversationId);
        lock.lock();
        try {
            db.writeVoid(h -> h.execute(INSERT_STATE, conversationId, businessId, startAfter));
            State s = state(conversationId);
            State next = work.apply(s);
            db.writeVoid(h -> save(h, conversationId, s, next));
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** Gives a handed-over conversation back to the bot, misses forgotten; waits for a handler at work on it. */
    public void resume(String conversationId) {
        if (db.dialect() == Dialect.POSTGRES) {
            db.writeVoid(h -> h.execute(RESUME, conversationId)); // one statement: it waits for the row's lock
            return;
        }
        ReentrantLock lock = stripe(conversationId);
        lock.lock();
        try {
            db.writeVoid(h -> h.execute(RESUME, conversationId));
        } finally {
            lock.unlock();
        }
    }

    /** Whether the business's FAQ bot is on and has not handed the conversation to a person. */
    public boolean botHandles(String businessId, String conversationId) {
        return settings(businessId).faqBot().enabled() && !state(conversationId).handedOff();
    }

    public List<Behind> behind() {
        return db.read(h -> h.createQuery(BEHIND)
                .map((rs, c) -> new Behind(rs.getString(1), rs.getString(2), rs.getLong(3))).list());
    }

    private ReentrantLock stripe(String conversationId) {
        return stripes[Math.floorMod(conversationId.hashCode(), stripes.length)];
    }

    private static void save(Handle h, String conversationId, State before, State after) {
        if (!after.equals(before)) {
            h.execute(UPDATE_STATE, after.instantSent(), after.awayPeriod(), after.botSpoke(), after.misses(),
                    after.handedOff(), after.seenSeq(), conversationId);
        }
    }

    public Optional<Faq> faqEntry(String businessId, String id) {
        return faq(businessId).stream().filter(f -> f.id().equals(id)).findFirst();
    }
}
