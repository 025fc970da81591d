package dev.parley.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("store-free")
class LruTest {
    @Test
    void forgetsTheLeastRecentlyUsedEntryWhenFull() {
        Lru<String, Integer> lru = new Lru<>(2);
        lru.put("a", 1);
        lru.put("b", 2);
        assertThat(lru.get("a")).isEqualTo(1); // "a" is now the more recent of the two
        lru.put("c", 3);
        assertThat(lru.get("b")).isNull();
        assertThat(lru.get("a")).isEqualTo(1);
        assertThat(lru.get("c")).isEqualTo(3);
        assertThat(lru.size()).isEqualTo(2);
    }

    @Test
    void worksAValueOutOnceAndRemembersIt() {
        Lru<String, Integer> lru = new Lru<>(10);
        AtomicInteger worked = new AtomicInteger();
        assertThat(lru.get("four", k -> worked.incrementAndGet() + k.length() - 1)).isEqualTo(4);
        assertThat(lru.get("four", k -> worked.incrementAndGet() + 100)).isEqualTo(4);
        assertThat(worked.get()).isEqualTo(1);
    }

    @Test
    void removesAndLooksThroughWhatItHolds() {
        Lru<String, Integer> lru = new Lru<>(10);
        lru.put("a", 1);
        lru.put("b", 2);
        assertThat(lru.anyValue(v -> v == 2)).isTrue();
        lru.remove("b");
        assertThat(lru.anyValue(v -> v == 2)).isFalse();
        assertThat(lru.get("b")).isNull();
    }

    @Test
    void refusesASizeThatHoldsNothing() {
        assertThatThrownBy(() -> new Lru<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
