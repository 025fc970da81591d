package dev.parley.filters;

import dev.parley.http.ApiException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Refuses, when a filter is created, regular expressions that can take exponential time:
 * nested unbounded quantifiers such as {@code (a+)+} or {@code (\w*)*}, back-references, and any
 * pattern that runs out of its budget on a few texts built to make backtracking explode (which
 * catches overlapping alternations such as {@code (a|a)*$}). Each answer is 422
 * {@code filter_regex_invalid} (it does not compile) or {@code filter_regex_unsafe}.
 */
final class RegexSafety {
    static final int MAX_LENGTH = 500;
    private static final int PROBE_LENGTH = 3_000;
    private static final List<String> PROBES = List.of(
            "a".repeat(PROBE_LENGTH) + "!", "1".repeat(PROBE_LENGTH) + "!", " ".repeat(PROBE_LENGTH) + "!",
            "ab".repeat(PROBE_LENGTH / 2) + "!", "a.".repeat(PROBE_LENGTH / 2) + "!", "aA1 ".repeat(PROBE_LENGTH / 4) + "\u0000");

    private RegexSafety() {}

    /** The compiled pattern (case-insensitive), or the problem. */
    static Pattern compile(String regex, long budget) {
        if (regex.length() > MAX_LENGTH) {
            throw invalid("A regular expression is at most " + MAX_LENGTH + " characters.");
        }
        Pattern p;
        try {
            p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw invalid("This regular expression does not compile: " + e.getDescription() + ".");
        }
        if (regex.matches("(?s).*\\\\([1-9]|k<).*")) {
            throw unsafe("Back-references are not allowed in filters: they can make a match take exponential time.");
        }
        if (nestedQuantifier(regex)) {
            throw unsafe("A repeated group that itself repeats (such as (a+)+) can make a match take exponential time.");
        }
        for (String probe : PROBES) {
            try {
                p.matcher(new BoundedText(probe, budget)).find();
            } catch (BoundedText.Exhausted e) {
                throw unsafe("This regular expression took too long on a test text; write it without overlapping repeats.");
            } catch (StackOverflowError e) {
                throw unsafe("This regular expression recursed too deeply on a test text.");
            }
        }
        return p;
    }

    /** A group holding an unbounded quantifier ({@code *}, {@code +}, {@code {n,}}) that is itself repeated. */
    static boolean nestedQuantifier(String r) {
        Deque<boolean[]> groups = new ArrayDeque<>(); // per open group: holds an unbounded quantifier
        boolean inClass = false;
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\\') {
                i++; // an escaped character is a literal
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    if (i + 1 < r.length() && r.charAt(i + 1) == ']') {
                        i++; // "[]...]": the first ] is literal
                    }
                }
                case '(' -> groups.push(new boolean[] {false});
                case ')' -> {
                    boolean inner = !groups.isEmpty() && groups.pop()[0];
                    boolean repeated = repeatsUnbounded(r, i + 1);
                    if (inner && (repeated || repeatsMoreThanOnce(r, i + 1))) {
                        return true;
                    }
                    if ((inner || repeated) && !groups.isEmpty()) {
                        groups.peek()[0] = true;
                    }
                }
                case '*', '+' -> {
                    if (!groups.isEmpty()) {
                        groups.peek()[0] = true;
                    }
                }
                case '{' -> {
                    if (!groups.isEmpty() && repeatsUnbounded(r, i)) {
                        groups.peek()[0] = true;
                    }
                }
                default -> { }
            }
        }
        return false;
    }

    private static boolean repeatsUnbounded(String r, int at) {
        if (at >= r.length()) {
            return false;
        }
        char c = r.charAt(at);
        return c == '*' || c == '+' || c == '{' && r.indexOf('}', at) > 0 && r.substring(at, r.indexOf('}', at)).endsWith(",");
    }

    /** {@code {n,m}} with m > 1 after a group: repeating a group of unbounded parts is as dangerous. */
    private static boolean repeatsMoreThanOnce(String r, int at) {
        if (at >= r.length() || r.charAt(at) != '{') {
            return false;
        }
        int end = r.indexOf('}', at);
        if (end < 0) {
            return false;
        }
        String[] bounds = r.substring(at + 1, end).split(",", -1);
        try {
            return Integer.parseInt(bounds[bounds.length - 1].strip()) > 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ApiException invalid(String detail) {
        return new ApiException(422, "filter_regex_invalid", "Invalid request", detail);
    }

    private static ApiException unsafe(String detail) {
        return new ApiException(422, "filter_regex_unsafe", "Invalid request", detail);
    }
}
