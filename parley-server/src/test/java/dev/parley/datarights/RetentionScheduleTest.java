package dev.parley.datarights;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.testing.Eventually;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An operator shortens {@code retention.every} and restarts: the run scheduled under the old value
 * (an hour away) used to stand, and no run ever said in the log that it ran. SQLite only: the node
 * restarts on its own data dir.
 */
@Tag("sqlite-only")
class RetentionScheduleTest {
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static long nextRun(TestNode n) {
        return n.node().database().read(h -> h.createQuery("SELECT next_run_at FROM retention_runs")
                .mapTo(Long.class).one());
    }

    private static boolean idle(TestNode n) {
        return n.node().database().read(h -> h.createQuery("SELECT COUNT(*) FROM retention_runs WHERE lease_owner IS NULL "
                + "AND step = 'messages' AND next_run_at > 0").mapTo(Integer.class).one()) == 1;
    }

    @Test
    void aShorterEveryAppliesFromTheNextStartAndEachRunSaysWhatItDid(@TempDir Path dir) {
        MutableClock clock = new MutableClock(START);
        Map<String, String> store = Map.of("data_dir", dir.toString(), "database_url", "", "event_retention", "3650d");
        java.util.Map<String, String> first = new java.util.HashMap<>(store);
        first.put("retention.every", "1h");
        try (TestNode n = TestNode.start(first, clock)) {
            Eventually.await("the first run finished", WAIT, () -> idle(n) && nextRun(n) > START.toEpochMilli());
            assertThat(nextRun(n)).isEqualTo(START.plus(Duration.ofHours(1)).toEpochMilli());
        }

        Logger retention = (Logger) LoggerFactory.getLogger(Retention.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        retention.addAppender(lines);
        java.util.Map<String, String> second = new java.util.HashMap<>(store);
        second.put("retention.every", "10s");
        second.put("retention.messages", "30");
        try (TestNode n = TestNode.start(second, clock)) {
            var api = n.api;
            var ann = api.signUp("ann_sched");
            var bob = api.signUp("bob_sched");
            api.befriend(ann, bob);
            String dm = api.open(ann, bob);
            api.send(ann, dm, "an old one").expect(201);
            // Set for 10 s from the start, no longer the hour the first node left.
            assertThat(nextRun(n)).isEqualTo(START.plusSeconds(10).toEpochMilli());

            clock.advance(Duration.ofDays(31));
            Eventually.await("the run logged its counts", WAIT, () -> lines.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().startsWith("retention: deleted 1 messages past their time")));
        } finally {
            retention.detachAppender(lines);
        }
        assertThat(lines.list.stream().filter(e -> e.getFormattedMessage().startsWith("retention: deleted 1 "))
                .findFirst().orElseThrow().getFormattedMessage())
                .startsWith("retention: deleted 1 messages past their time (node: 30 days, inactive conversations: never), "
                        + "stripped their text from ")
                .endsWith(" stored events, deleted 0 report snapshots; next run in 10 seconds");
    }
}
