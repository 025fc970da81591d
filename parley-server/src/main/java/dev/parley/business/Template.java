package dev.parley.business;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message template: text with variables, {@code Hi {{customer.first_name | default: "there"}}!}.
 * Saved replies use it, and automatic replies will. It is parsed once, when saved, so a typo is
 * an error for the one who wrote it, not for the customer later.
 *
 * <p>The promise: {@link #render} either fills every variable, or fails with the one that had no
 * value and no fallback. It never sends "Hi ," for a missing name.
 *
 * <p>Syntax: {@code {{ name }}} or {@code {{ name | default: "fallback" }}} (double or single
 * quotes; the fallback may be empty). Names are dotted words; only the names the caller knows are
 * accepted. Text outside {@code {{ }}} is copied as is.
 */
public final class Template {
    private static final Pattern SLOT = Pattern.compile(
            "\\s*([a-z_]+(?:\\.[a-z_]+)*)\\s*(?:\\|\\s*default\\s*:\\s*(?:\"([^\"]*)\"|'([^']*)')\\s*)?");

    private sealed interface Part permits Text, Slot {}

    private record Text(String text) implements Part {}

    private record Slot(String variable, Optional<String> fallback) implements Part {}

    private final List<Part> parts;
    private final Set<String> variables;

    private Template(List<Part> parts) {
        this.parts = parts;
        Set<String> vars = new LinkedHashSet<>();
        parts.forEach(p -> {
            if (p instanceof Slot s) {
                vars.add(s.variable());
            }
        });
        this.variables = Collections.unmodifiableSet(vars);
    }

    /** A template that cannot be parsed: {@code position} is the character (from 1) where the trouble starts. */
    public static final class Invalid extends IllegalArgumentException {
        private final int position;

        Invalid(String message, int position) {
            super(message + " (at character " + position + ")");
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    /** Rendering needed a value that was missing and had no fallback. */
    public static final class MissingValue extends RuntimeException {
        private final String variable;

        MissingValue(String variable) {
            super("no value for {{" + variable + "}} and no fallback", null, false, false);
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }

    /**
     * @param known the variable names this kind of template may use
     * @throws Invalid on an unclosed {@code {{}}, an unknown variable or filter
     */
    public static Template parse(String source, Set<String> known) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            int open = source.indexOf("{{", i);
            if (open < 0) {
                parts.add(new Text(source.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Text(source.substring(i, open)));
            }
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                throw new Invalid("'{{' is never closed with '}}'", open + 1);
            }
            parts.add(slot(source.substring(open + 2, close), open + 1, known));
            i = close + 2;
        }
        return new Template(List.copyOf(parts));
    }

    private static Slot slot(String inside, int position, Set<String> known) {
        Matcher m = SLOT.matcher(inside);
        if (!m.matches()) {
            throw new Invalid(inside.contains("|")
                    ? "write a fallback as {{ name | default: \"text\" }}; 'default' is the only filter"
                    : "'{{" + inside + "}}' is not a variable; variables are " + String.join(", ", known), position);
        }
        String name = m.group(1);
        if (!known.contains(name)) {
            throw new Invalid("unknown variable '" + name + "'; use one of " + String.join(", ", known), position);
        }
        String fallback = m.group(2) != null ? m.group(2) : m.group(3);
        return new Slot(name, Optional.ofNullable(fallback));
    }

    /** The variables used, in order of first use. */
    public Set<String> variables() {
        return variables;
    }

    /**
     * @param values each variable's value; empty (or blank) when there is none
     * @throws MissingValue for the first variable with no value and no fallback
     */
    public String render(Function<String, Optional<String>> values) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Text t) {
                out.append(t.text());
            } else if (p instanceof Slot s) {
                Optional<String> v = values.apply(s.variable()).filter(x -> !x.isBlank());
                out.append(v.or(s::fallback).orElseThrow(() -> new MissingValue(s.variable())));
            }
        }
        return out.toString();
    }
}
