package dev.parley.automation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.http.Json;
import dev.parley.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Automation settings, FAQ entries and per-conversation bot state. */
public final class AutomationStore {
    private static final String SETTINGS = "SELECT settings FROM automation_settings WHERE business_id = ?";
    private static final String DELETE_SETTINGS = "DELETE FROM automation_settings WHERE business_id = ?";
    private static final String INSERT_SETTINGS = "INSERT INTO automation_settings (business_id, settings) VALUES (?, ?)";
    private static final String FAQ = "SELECT id, question, answer, keywords, created_at FROM faq_entries WHERE business_id = ? "
            + "ORDER BY created_at, id";
    private static final String INSERT_FAQ = "INSERT INTO faq_entries (id, business_id, question, answer, keywords, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_FAQ = "UPDATE faq_entries SET question = ?, answer = ?, keywords = ? WHERE id = ? AND business_id = ?";
    private static final String DELETE_FAQ = "DELETE FROM faq_entries WHERE id = ? AND business_id = ?";
    private static final String STATE = "SELECT instant_sent, away_period, bot_spoke, misses, handed_off, seen_seq FROM bot_state "
            + "WHERE conversation_id = ?";
    private static final String INSERT_STATE = "INSERT INTO bot_state (conversation_id, business_id) VALUES (?, ?) "
            + "ON CONFLICT (conversation_id) DO NOTHING";
    private static final String UPDATE_STATE = "UPDATE bot_state SET instant_sent = ?, away_period = ?, bot_spoke = ?, "
            + "misses = ?, handed_off = ?, seen_seq = ? WHERE conversation_id = ?";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final Database db;

    public AutomationStore(Database db) {
        this.db = db;
    }

    public record Faq(String id, String question, String answer, List<String> keywords, Instant createdAt) {}

    /** What automation has done in one conversation. */
    public record State(boolean instantSent, Long awayPeriod, boolean botSpoke, int misses, boolean handedOff,
                        long seenSeq) {
        public static final State NEW = new State(false, null, false, 0, false, 0);
    }

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
            return Json.MAPPER.readValue(json, AutomationSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored automation settings are not valid", e);
        }
    }

    public List<Faq> faq(String businessId) {
        return db.read(h -> h.createQuery(FAQ).bind(0, businessId).map((rs, c) -> {
            try {
                return new Faq(rs.getString("id"), rs.getString("question"), rs.getString("answer"),
                        Json.MAPPER.readValue(rs.getString("keywords"), STRINGS), Instant.ofEpochMilli(rs.getLong("created_at")));
            } catch (JsonProcessingException e) {
                throw new java.sql.SQLException("bad keywords", e);
            }
        }).list());
    }

    public void insertFaq(String businessId, Faq f) {
        db.writeVoid(h -> h.execute(INSERT_FAQ, f.id(), businessId, f.question(), f.answer(), Json.write(f.keywords()),
                f.createdAt().toEpochMilli()));
    }

    public boolean updateFaq(String businessId, Faq f) {
        return db.write(h -> h.execute(UPDATE_FAQ, f.question(), f.answer(), Json.write(f.keywords()), f.id(), businessId) > 0);
    }

    public boolean deleteFaq(String businessId, String id) {
        return db.write(h -> h.execute(DELETE_FAQ, id, businessId) > 0);
    }

    public State state(String conversationId) {
        return db.read(h -> h.createQuery(STATE).bind(0, conversationId).map((rs, c) -> {
            long away = rs.getLong("away_period");
            Long awayPeriod = rs.wasNull() ? null : away;
            return new State(rs.getBoolean("instant_sent"), awayPeriod, rs.getBoolean("bot_spoke"), rs.getInt("misses"),
                    rs.getBoolean("handed_off"), rs.getLong("seen_seq"));
        }).findOne()).orElse(State.NEW);
    }

    public void saveState(String businessId, String conversationId, State s) {
        db.writeVoid(h -> {
            h.execute(INSERT_STATE, conversationId, businessId);
            h.execute(UPDATE_STATE, s.instantSent(), s.awayPeriod(), s.botSpoke(), s.misses(), s.handedOff(), s.seenSeq(),
                    conversationId);
        });
    }

    public Optional<Faq> faqEntry(String businessId, String id) {
        return faq(businessId).stream().filter(f -> f.id().equals(id)).findFirst();
    }
}
