package dev.parley.memo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A bounded memo that forgets the least recently used entry first, for what is costly to work
 * out again and repeats (sentence embeddings, classifier verdicts, link cards). Thread-safe: each
 * call holds one lock, never while a value is being worked out.
 */
public final class Lru<K, V> {
    private final Map<K, V> map;

    public Lru(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("an Lru holds at least one entry");
        }
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /** The remembered value, or null. */
    public synchronized V get(K key) {
        return map.get(key);
    }

    public synchronized void put(K key, V value) {
        map.put(key, value);
    }

    public synchronized void remove(K key) {
        map.remove(key);
    }

    public synchronized int size() {
        return map.size();
    }

    /** Whether any remembered value passes the test. */
    public synchronized boolean anyValue(Predicate<? super V> test) {
        return map.values().stream().anyMatch(test);
    }

    /**
     * The remembered value, else works it out outside the lock and remembers it. Two threads asking
     * for the same new key at once may both work it out; the values are equal, so either may stay.
     */
    public V get(K key, Function<? super K, ? extends V> work) {
        V known = get(key);
        if (known != null) {
            return known;
        }
        V value = work.apply(key);
        put(key, value);
        return value;
    }
}
