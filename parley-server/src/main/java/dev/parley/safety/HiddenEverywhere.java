package dev.parley.safety;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.http.Json;
import dev.parley.store.Database;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * People whose hidden words cover every message they receive, not only requests ({@code apply_to: all}).
 * A message matching such a person's words is shown to them as hidden (tap to show), in accepted
 * conversations too. Sends ask {@link #hiding} for their recipients; while no one on the node asks
 * for it (checked at most every two seconds, or at once after a change here) that costs nothing.
 */
public final class HiddenEverywhere {
    public static final String REQUESTS = "requests";
    public static final String ALL = "all";
    private static final long RECHECK_MILLIS = 2_000;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private static final String ANYONE = "SELECT COUNT(*) FROM hidden_words_scope WHERE apply_to = 'all'";
    private static final String WORDS = "SELECT s.account_id, a.hidden_words FROM hidden_words_scope s "
            + "JOIN accounts a ON a.id = s.account_id WHERE s.apply_to = 'all' AND s.account_id IN (<ids>)";
    private static final String SCOPE = "SELECT apply_to FROM hidden_words_scope WHERE account_id = ?";
    private static final String SET_SCOPE = "INSERT INTO hidden_words_scope (account_id, apply_to, updated_at) "
            + "VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET apply_to = excluded.apply_to, "
            + "updated_at = excluded.updated_at";

    private final Database db;
    private final Clock clock;
    private volatile boolean anyone = true;
    private volatile long checkedAt;

    public HiddenEverywhere(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Of these viewers (the sender aside), those whose hidden words, applied everywhere, match the text. */
    public Set<String> hiding(Collection<String> viewers, String senderId, String text) {
        Set<String> out = new HashSet<>();
        wordsOf(viewers).forEach((id, words) -> {
            if (!id.equals(senderId) && HiddenWords.matches(words, text)) {
                out.add(id);
            }
        });
        return out;
    }

    /** The words of those viewers who apply them everywhere. */
    public Map<String, List<String>> wordsOf(Collection<String> viewers) {
        if (viewers.isEmpty() || !anyone()) {
            return Map.of();
        }
        return db.read(h -> wordsOf(h, viewers));
    }

    /** As {@link #wordsOf(Collection)}, on the caller's handle (a render inside a transaction). */
    public Map<String, List<String>> wordsOf(Handle h, Collection<String> viewers) {
        if (viewers.isEmpty() || !anyone()) {
            return Map.of();
        }
        Map<String, List<String>> out = new HashMap<>();
        h.createQuery(WORDS).bindList("ids", List.copyOf(viewers)).map((rs, c) -> {
            out.put(rs.getString(1), parse(rs.getString(2)));
            return null;
        }).list();
        return out;
    }

    private boolean anyone() {
        long now = System.currentTimeMillis();
        if (now - checkedAt > RECHECK_MILLIS) {
            anyone = db.read(h -> h.createQuery(ANYONE).mapTo(Long.class).one()) > 0;
            checkedAt = now;
        }
        return anyone;
    }

    public String scope(String accountId) {
        return db.read(h -> h.createQuery(SCOPE).bind(0, accountId).mapTo(String.class).findOne()).orElse(REQUESTS);
    }

    public void setScope(String accountId, String applyTo) {
        db.writeVoid(h -> h.execute(SET_SCOPE, accountId, applyTo, clock.instant().toEpochMilli()));
        checkedAt = 0; // look again at the next send
    }

    private static List<String> parse(String json) {
        try {
            return json == null ? List.of() : Json.MAPPER.readValue(json, STRINGS);
        } catch (IOException e) {
            return List.of();
        }
    }
}
