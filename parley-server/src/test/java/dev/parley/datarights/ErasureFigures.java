package dev.parley.datarights;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.Api;
import dev.parley.testing.Api.Person;
import dev.parley.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Not a test: the figures of docs/PERFORMANCE.md for erasure. Fills one account with N messages
 * (default 100,000) over HTTP, measures other people's send rate alone, then erases the account
 * while the same senders run, and prints how long the erasure took and the send rate meanwhile.
 * Run: {@code java -cp target/classes:target/test-classes:CLASSPATH dev.parley.datarights.ErasureFigures [N]}.
 */
public final class ErasureFigures {
    static final int SENDERS = 8;

    private ErasureFigures() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (TestNode n = TestNode.start(Map.of())) {
            Api api = n.api;
            String admin = ErasureTest.adminOf(n);
            Scene sc = Scene.filled(api, total, "a message to erase, number ");
            Person ann = sc.ann();
            List<Person> others = sc.others();
            List<String> theirs = sc.theirs();
            ExecutorService pool = sc.pool();

            double alone = rate(pool, api, others, theirs, deadline(Duration.ofSeconds(20)));
            System.out.printf("others' sends alone: %.0f msg/s%n", alone);

            long e0 = System.nanoTime();
            String id = api.delete("/api/v1/admin/accounts/" + ann.id(), admin).expect(202).body().get("id").asText();
            AtomicBoolean done = new AtomicBoolean();
            double during = rate(pool, api, others, theirs, () -> {
                JsonNode job = api.get("/api/v1/admin/erasures/" + id, admin).expect(200).body();
                if (job.get("status").asText().equals("done")) {
                    done.set(true);
                }
                return done.get();
            });
            double seconds = (System.nanoTime() - e0) / 1e9;
            JsonNode job = api.get("/api/v1/admin/erasures/" + id, admin).body();
            System.out.printf("erased %,d messages (%,d events stripped) in %.1f s; others' sends meanwhile %.0f msg/s "
                    + "(%.2f of alone)%n", job.get("messages_erased").asLong(), job.get("events_stripped").asLong(),
                    seconds, during, during / alone);
            pool.shutdownNow();
        }
    }

    /**
     * One account (ann) that wrote {@code total} messages to bob, 16 at a time, and SENDERS other
     * pairs ready to send; the pool runs the fill and later the others' loops.
     */
    record Scene(Person ann, List<Person> others, List<String> theirs, ExecutorService pool) {
        static Scene filled(Api api, int total, String text) throws Exception {
            String s = ErasureTest.suffix();
            Person ann = api.signUp("ann_" + s);
            Person bob = api.signUp("bob_" + s);
            ErasureTest.friends(api, ann, bob);
            String dm = api.open(ann, bob);
            List<Person> others = new ArrayList<>();
            List<String> theirs = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                Person a = api.signUp("x" + i + "_" + s);
                Person b = api.signUp("y" + i + "_" + s);
                ErasureTest.friends(api, a, b);
                others.add(a);
                theirs.add(api.open(a, b));
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            long t0 = System.nanoTime();
            List<Future<?>> fill = new ArrayList<>();
            AtomicLong next = new AtomicLong();
            for (int t = 0; t < 16; t++) {
                fill.add(pool.submit(() -> {
                    while (next.incrementAndGet() <= total) {
                        api.send(ann, dm, text + next.get()).expect(201);
                    }
                }));
            }
            for (Future<?> f : fill) {
                f.get();
            }
            System.out.printf("filled %,d messages in %.1f s%n", total, (System.nanoTime() - t0) / 1e9);
            return new Scene(ann, others, theirs, pool);
        }
    }

    static BooleanSupplier deadline(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        return () -> System.nanoTime() > end;
    }

    /** SENDERS closed loops, one per pair, until {@code stop} (checked every 500 ms); answers msg/s. */
    static double rate(ExecutorService pool, Api api, List<Person> from, List<String> to, BooleanSupplier stop)
            throws Exception {
        AtomicBoolean halt = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        List<Future<?>> loops = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < from.size(); i++) {
            Person p = from.get(i);
            String c = to.get(i);
            loops.add(pool.submit(() -> {
                while (!halt.get()) {
                    api.send(p, c, "hello while erasing").expect(201);
                    sent.incrementAndGet();
                }
            }));
        }
        while (!stop.getAsBoolean()) {
            Thread.sleep(500);
        }
        halt.set(true);
        for (Future<?> f : loops) {
            f.get();
        }
        return sent.get() / ((System.nanoTime() - t0) / 1e9);
    }
}
