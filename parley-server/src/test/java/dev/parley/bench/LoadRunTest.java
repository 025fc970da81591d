package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.TestNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parley bench}'s load against a real node: what it says was delivered is what was sent.
 * An open-loop run used to report a few messages fewer delivered than sent (16 of 10,000 at 1,000
 * msg/s on a README node): it emptied its latency recorder when its thread woke at the start of the
 * measured period, dropping measured messages that had landed before it woke. That needs the
 * thread to wake late, which a test cannot arrange; this one holds the accounting end to end.
 */
@Tag("sqlite-only") // the bench's own accounting; the store behind the node does not change it
class LoadRunTest {
    @Test
    void anOpenLoopRunCountsEveryMessageItSentAsDelivered(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start()) {
            Http http = new Http("http://127.0.0.1:" + node.port());
            PrintStream log = System.out;
            Population pop = Population.prepare(http, BenchAuth.of("password", null, null), 4, 2,
                    dir.resolve("state.json"), 4, log);
            // A low rate: a cold node on a busy CI machine keeps up with it.
            LoadRun.Options o = new LoadRun.Options(100, 1, TimeUnit.SECONDS.toNanos(1),
                    TimeUnit.SECONDS.toNanos(2), 100, 1);

            LoadRun.Result r = new LoadRun(http, http, pop, o, log).run();

            assertThat(r.errors()).isZero();
            assertThat(r.lostSockets()).isZero();
            assertThat(r.sent()).as("messages due in the 2 s at 100/s that the pacer sent").isGreaterThan(100);
            assertThat(r.delivered()).as("delivered to their recipients, each counted once").isEqualTo(r.sent());
            assertThat(r.latency().getTotalCount()).isEqualTo(r.sent());
        }
    }
}
