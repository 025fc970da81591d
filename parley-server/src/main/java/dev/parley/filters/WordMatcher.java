package dev.parley.filters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aho–Corasick over normalised text ({@link Normalized}): every word and phrase filter found in
 * one pass over the message, whatever the number of filters (10,000 words cost what 10 do, plus
 * the hits). Patterns are stored padded with spaces, so only whole words match. Immutable once
 * built; shared by every sending thread.
 */
final class WordMatcher {
    private final Map<Long, Integer> next = new HashMap<>();
    private final int[] fail;
    /** The entry (index into the filter list) a state completes, or -1. */
    private final int[] entry;
    /** The nearest state along the failure links that completes an entry, or -1: the other hits here. */
    private final int[] outLink;

    /** @param patterns normalised patterns by entry index (null: not a word filter) */
    WordMatcher(List<String> patterns) {
        List<Integer> entries = new ArrayList<>();
        entries.add(-1);
        for (int e = 0; e < patterns.size(); e++) {
            String p = patterns.get(e);
            if (p == null) {
                continue;
            }
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                long key = key(s, p.charAt(i));
                Integer t = next.get(key);
                if (t == null) {
                    t = entries.size();
                    entries.add(-1);
                    next.put(key, t);
                }
                s = t;
            }
            if (entries.get(s) < 0) {
                entries.set(s, e);
            }
        }
        int n = entries.size();
        entry = entries.stream().mapToInt(Integer::intValue).toArray();
        fail = new int[n];
        outLink = new int[n];
        Arrays.fill(outLink, -1);
        links(n);
    }

    /** Failure links breadth first: a state's failure is the longest proper suffix that is also a prefix. */
    private void links(int n) {
        Map<Integer, List<long[]>> children = new HashMap<>();
        next.forEach((k, t) -> children.computeIfAbsent((int) (k >>> 16), x -> new ArrayList<>())
                .add(new long[] {k & 0xFFFF, t}));
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        queue[tail++] = 0;
        while (head < tail) {
            int s = queue[head++];
            for (long[] c : children.getOrDefault(s, List.of())) {
                char ch = (char) c[0];
                int t = (int) c[1];
                if (s != 0) {
                    int f = fail[s];
                    while (f != 0 && !next.containsKey(key(f, ch))) {
                        f = fail[f];
                    }
                    Integer g = next.get(key(f, ch));
                    fail[t] = g == null || g == t ? 0 : g;
                }
                outLink[t] = entry[fail[t]] >= 0 ? fail[t] : outLink[fail[t]];
                queue[tail++] = t;
            }
        }
    }

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }

    /** Receives each entry found; answers false to stop looking. */
    interface Hits {
        boolean hit(int entry);
    }

    /** Walks {@code text} (already normalised) once, reporting every entry found. */
    void find(String text, Hits hits) {
        if (next.isEmpty()) {
            return;
        }
        int s = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            Integer t = next.get(key(s, c));
            while (t == null && s != 0) {
                s = fail[s];
                t = next.get(key(s, c));
            }
            s = t == null ? 0 : t;
            for (int o = entry[s] >= 0 ? s : outLink[s]; o >= 0; o = outLink[o]) {
                if (!hits.hit(entry[o])) {
                    return;
                }
            }
        }
    }
}
