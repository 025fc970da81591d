package dev.parley.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The node's settings, resolved once at start: defaults, then a config file, then the environment.
 * Every value is parsed and checked here; a bad one throws {@link ConfigException} naming the
 * setting and where it came from.
 */
public final class Settings {
    private final Map<Key<?>, Object> values;
    private final RuleProfile rules;

    private Settings(Map<Key<?>, Object> values) {
        this.values = values;
        this.rules = resolveRules();
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        return (T) values.get(key);
    }

    /** The profile named by {@code profile}, with any {@code rules.*} overrides applied. */
    public RuleProfile rules() {
        return rules;
    }

    public boolean usesPostgres() {
        return get(Keys.DATABASE_URL).startsWith("jdbc:postgresql:");
    }

    /**
     * @param configFile a properties file ({@code key=value}, {@code #} comments), or null
     * @param env        the environment, usually {@code System.getenv()}
     * @param overrides  values that win over everything (tests use this); keys as in the file
     */
    public static Settings load(Path configFile, Map<String, String> env, Map<String, String> overrides) {
        Map<String, Source> raw = new LinkedHashMap<>();
        for (Key<?> key : Keys.ALL) {
            raw.put(key.name(), new Source(key.defaultValue(), "default"));
        }
        if (configFile != null) {
            readFile(configFile).forEach((k, v) -> {
                if (!raw.containsKey(k)) {
                    throw new ConfigException("unknown setting '" + k + "' in " + configFile);
                }
                raw.put(k, new Source(v, configFile.toString()));
            });
        }
        for (Key<?> key : Keys.ALL) {
            String v = env.get(key.envName());
            if (v != null) {
                raw.put(key.name(), new Source(v, "environment " + key.envName()));
            }
        }
        overrides.forEach((k, v) -> {
            if (!raw.containsKey(k)) {
                throw new ConfigException("unknown setting '" + k + "'");
            }
            raw.put(k, new Source(v, "override"));
        });
        Map<Key<?>, Object> parsed = new HashMap<>();
        for (Key<?> key : Keys.ALL) {
            Source s = raw.get(key.name());
            try {
                parsed.put(key, key.parser().apply(s.value()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("bad setting " + key.name() + " (" + s.origin() + "): " + e.getMessage());
            }
        }
        return new Settings(parsed);
    }

    /**
     * Variables named like settings ({@code PARLEY_…}) that are none, each with the setting it may have meant: a
     * misspelt name would otherwise leave the default in force without a word ({@code PARLEY_RULES_EDIT_WINDOW_SECONDS}
     * for {@code PARLEY_RULES_EDIT_WINDOW}). Warned about rather than refused: scripts and test harnesses set
     * variables of their own under the same prefix.
     */
    public static List<String> unknownInEnvironment(Map<String, String> env) {
        Set<String> known = new HashSet<>();
        Keys.ALL.forEach(k -> known.add(k.envName()));
        List<String> out = new ArrayList<>();
        known.add("PARLEY_APP_SECRET"); // no setting: `parley import` reads it, and it may be exported in the same shell
        env.keySet().stream().filter(n -> n.startsWith("PARLEY_") && !known.contains(n)).sorted().forEach(n -> {
            String meant = known.stream().filter(k -> n.startsWith(k + "_") || k.startsWith(n + "_"))
                    .max(java.util.Comparator.comparingInt(String::length))
                    // else a letter or two dropped, added or swapped (PARLEY_RATE_LIMTS)
                    .or(() -> known.stream().filter(k -> edits(k, n) <= 2).min(java.util.Comparator
                            .<String>comparingInt(k -> edits(k, n)).thenComparing(k -> k)))
                    .orElse(null);
            out.add(meant == null ? n : n + " (did you mean " + meant + "?)");
        });
        return out;
    }

    /** Levenshtein distance: how many letters to insert, delete or change to turn one name into the other. */
    private static int edits(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(change, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Defaults plus the given overrides, ignoring the environment: what tests start nodes with. */
    public static Settings of(Map<String, String> overrides) {
        return load(null, Map.of(), overrides);
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k.trim(), p.getProperty(k)));
        return m;
    }

    private RuleProfile resolveRules() {
        RuleProfile base = RuleProfile.named(get(Keys.PROFILE)).orElseThrow();
        base = apply(base, get(Keys.RULES_GROUP_MAX_MEMBERS), RuleProfile::withGroupMaxMembers);
        base = apply(base, get(Keys.RULES_MESSAGE_REQUESTS), RuleProfile::withMessageRequests);
        base = apply(base, get(Keys.RULES_REQUEST_MESSAGE_LIMIT), RuleProfile::withRequestMessageLimit);
        base = apply(base, get(Keys.RULES_BUSINESS_LIKE_REQUIRED), RuleProfile::withBusinessLikeRequired);
        base = apply(base, get(Keys.RULES_EDIT_WINDOW), RuleProfile::withEditWindow);
        base = apply(base, get(Keys.RULES_UNSEND_WINDOW), RuleProfile::withUnsendWindow);
        base = apply(base, get(Keys.RULES_BUSINESS_REPLY_WINDOW), RuleProfile::withBusinessReplyWindow);
        base = apply(base, get(Keys.RULES_HUMAN_AGENT_REPLY_WINDOW), RuleProfile::withHumanAgentReplyWindow);
        return base;
    }

    private static <T> RuleProfile apply(RuleProfile p, Optional<T> v, java.util.function.BiFunction<RuleProfile, T, RuleProfile> with) {
        return v.map(x -> with.apply(p, x)).orElse(p);
    }

    private record Source(String value, String origin) {}
}
