package dev.parley.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * One typed setting: its name in a config file, its environment variable, its default and what it
 * means. Parsing happens once at start, so a bad value stops the node before it serves.
 *
 * @param parser turns the text into a value, or throws IllegalArgumentException saying why not
 */
public record Key<T>(String name, String defaultValue, String doc, Function<String, T> parser) {

    /** {@code rules.group_max_members} is read from {@code PARLEY_RULES_GROUP_MAX_MEMBERS}. */
    public String envName() {
        return "PARLEY_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
