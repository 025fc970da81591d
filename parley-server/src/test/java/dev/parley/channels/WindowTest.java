package dev.parley.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.channels.Window.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Meta's reply window on a fixed clock: 24 hours, then 7 days for a person's reply with HUMAN_AGENT where approved. */
@Tag("store-free")
class WindowTest {
    static final ReplyPolicy META = new ReplyPolicy(Duration.ofHours(24), Duration.ofDays(7), List.of(), 2000);
    static final Instant WROTE = Instant.parse("2026-03-02T10:00:00Z");

    private static Verdict at(Duration after, boolean person, boolean approved) {
        return Window.decide(META, WROTE, WROTE.plus(after), person, approved);
    }

    @Test
    void theWindowAtItsEdges() {
        Duration m2359 = Duration.ofHours(23).plusMinutes(59);
        Duration m2401 = Duration.ofHours(24).plusMinutes(1);
        Duration d6h23 = Duration.ofDays(6).plusHours(23);
        Duration d7h1 = Duration.ofDays(7).plusHours(1);
        assertThat(at(m2359, false, false)).isEqualTo(Verdict.OPEN);
        assertThat(at(m2401, true, false)).as("not approved").isEqualTo(Verdict.CLOSED);
        assertThat(at(m2401, true, true)).isEqualTo(Verdict.HUMAN_AGENT);
        assertThat(at(m2401, false, true)).as("automation never uses the tag").isEqualTo(Verdict.CLOSED);
        assertThat(at(d6h23, true, true)).isEqualTo(Verdict.HUMAN_AGENT);
        assertThat(at(d7h1, true, true)).isEqualTo(Verdict.CLOSED);
    }

    @Test
    void aNetworkWithoutAWindowIsOpenAndNobodyMayWriteFirstWhereThereIsOne() {
        ReplyPolicy x = new ReplyPolicy(null, null, List.of(), 10_000);
        assertThat(Window.decide(x, null, WROTE, false, false)).isEqualTo(Verdict.OPEN);
        assertThat(Window.decide(META, null, WROTE, true, true)).isEqualTo(Verdict.CLOSED);
    }
}
