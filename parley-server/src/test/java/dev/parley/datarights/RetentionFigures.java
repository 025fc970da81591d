package dev.parley.datarights;

import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.MutableClock;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Not a test: how long retention takes to delete N old messages (default 20,000) and what other
 * people's send rate is meanwhile, as a ratio to the rate alone (the same closed loops as
 * {@link ErasureFigures}). The node's clock moves 40 days past the messages with retention.messages=30.
 * Run: {@code java -cp target/classes:target/test-classes:CLASSPATH dev.parley.datarights.RetentionFigures [N]}.
 */
public final class RetentionFigures {

    private RetentionFigures() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try (TestNode n = TestNode.start(Map.of("retention.messages", "30", "retention.every", "1h",
                "event_retention", "3650d"), clock)) {
            Api api = n.api;
            ErasureFigures.Scene sc = ErasureFigures.Scene.filled(api, total, "a message past its time, number ");
            List<Person> others = sc.others();
            List<String> theirs = sc.theirs();
            ExecutorService pool = sc.pool();
            Thread.sleep(2_000); // the run at start has looked and found nothing due
            double alone = ErasureFigures.rate(pool, api, others, theirs, ErasureFigures.deadline(Duration.ofSeconds(20)));
            System.out.printf("others' sends alone: %.0f msg/s%n", alone);

            long cutoff = clock.instant().plusSeconds(1).toEpochMilli();
            clock.advance(Duration.ofDays(40));
            long r0 = System.nanoTime();
            double during = ErasureFigures.rate(pool, api, others, theirs, () -> n.node().database().read(h ->
                    h.createQuery("SELECT COUNT(*) FROM messages WHERE NOT deleted AND created_at < ?").bind(0, cutoff)
                            .mapTo(Long.class).one() == 0
                            && h.createQuery("SELECT COUNT(*) FROM retention_runs WHERE lease_owner IS NULL")
                            .mapTo(Long.class).one() == 1));
            double seconds = (System.nanoTime() - r0) / 1e9;
            Map<String, Object> run = n.node().database().read(h -> h.createQuery(
                    "SELECT messages_deleted, events_stripped FROM retention_runs").mapToMap().one());
            System.out.printf("retention deleted %s messages (%s events stripped) in %.1f s; others' sends meanwhile "
                    + "%.0f msg/s (%.2f of alone)%n", run.get("messages_deleted"), run.get("events_stripped"), seconds,
                    during, during / alone);
            pool.shutdownNow();
        }
    }
}
