package dev.parley.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes to the caller's own account for {@link ParleyClient#updateMe}. Only what is set is sent;
 * everything else stays as it is. Immutable: each method answers a new update.
 *
 * <pre>{@code me.updateMe(AccountUpdate.create().dmPolicy(Settings.EVERYONE).readReceipts(false))}</pre>
 */
public final class AccountUpdate {
    private final Map<String, Object> fields;
    private final Map<String, Object> settings;

    private AccountUpdate(Map<String, Object> fields, Map<String, Object> settings) {
        this.fields = fields;
        this.settings = settings;
    }

    public static AccountUpdate create() {
        return new AccountUpdate(Map.of(), Map.of());
    }

    /** 1–64 characters. */
    public AccountUpdate displayName(String name) {
        return with(true, "display_name", name);
    }

    /** What to call the person (1–32 characters); an empty string clears it. */
    public AccountUpdate preferredName(String name) {
        return with(true, "preferred_name", name);
    }

    /** {@link Settings#EVERYONE}, {@link Settings#FOLLOWING} or {@link Settings#NOBODY}. */
    public AccountUpdate dmPolicy(String policy) {
        return with(false, "dm_policy", policy);
    }

    public AccountUpdate readReceipts(boolean on) {
        return with(false, "read_receipts", on);
    }

    /** Replaces the whole list (at most 500 words). */
    public AccountUpdate hiddenWords(List<String> words) {
        return with(false, "hidden_words", List.copyOf(words));
    }

    private AccountUpdate with(boolean top, String name, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        Map<String, Object> s = new LinkedHashMap<>(settings);
        (top ? f : s).put(name, java.util.Objects.requireNonNull(value, name));
        return new AccountUpdate(Map.copyOf(f), Map.copyOf(s));
    }

    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>(fields);
        if (!settings.isEmpty()) {
            b.put("settings", settings);
        }
        return b;
    }
}
