package dev.parley.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One measured run: every account holds a socket; member 0 of each conversation sends over its
 * socket and the others receive. Closed loop keeps {@code window} sends in flight per sender (the
 * next goes when the server acknowledges one); open loop offers a fixed rate, and a message's
 * latency counts from when it was due, not from when the bench got round to sending it, so a
 * queue in front of the server is not hidden. Latency is send to delivery on a recipient's socket.
 */
final class LoadRun {
    static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    /**
     * @param hidden recipients report their tab hidden ({@code visibility false}) as soon as their
     *               socket opens, so the node notifies them (the push runs), and each text starts
     *               with its due time, which a push carries back ({@link #dueOfText})
     */
    record Options(double rate, int window, long warmupNanos, long durationNanos, int size, int clients,
                   boolean hidden) {
        Options(double rate, int window, long warmupNanos, long durationNanos, int size, int clients) {
            this(rate, window, warmupNanos, durationNanos, size, clients, false);
        }
    }

    /**
     * Work run beside the message load (uploads, a push receiver, an erasure), told when the
     * measured period starts and ends so its own figures cover the same seconds.
     */
    interface Beside {
        default void measuring(LoadRun run) {}

        default void measured() {}
    }

    /** One second of the measured period. */
    record Second(int second, long delivered, double p50, double p99, double max) {}

    /**
     * @param benchCpuSeconds the CPU this bench process used over the measured period (it shares
     *                        the machine with a local node, so what it spends the node cannot)
     */
    record Result(long sent, long acked, long delivered, long errors, long lostSockets, long unanswered,
                  Histogram latency, List<Second> timeline, double seconds, ServerStats serverBefore,
                  ServerStats serverAfter, double benchCpuSeconds) {}

    private final Http http;
    /** Where recipients hold their sockets: the same node, or another node of a cluster. */
    private final Http receiveHttp;
    private final Population pop;
    private final Options o;
    private final PrintStream log;
    private final long origin = System.nanoTime();
    /** Marks this run's client_ids: a node may still be delivering an earlier run's backlog. */
    private final String runTag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
            + RUNS.incrementAndGet() + ".";
    /** Two runs of one process started in the same millisecond still tell their texts apart. */
    private static final AtomicLong RUNS = new AtomicLong();
    private final Recorder recorder = new Recorder(MAX_LATENCY_NANOS, 3);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong counter = new AtomicLong();
    private final String padding;
    private volatile boolean sending = true;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureTo = Long.MAX_VALUE;
    private final List<Beside> beside;

    LoadRun(Http http, Http receiveHttp, Population pop, Options o, PrintStream log, Beside... beside) {
        this.beside = List.of(beside);
        this.http = http;
        this.receiveHttp = receiveHttp;
        this.pop = pop;
        this.o = o;
        this.log = log;
        this.padding = "x".repeat(Math.max(0, o.size()));
    }

    Result run() throws InterruptedException {
        HttpClient[] clients = Link.clients(o.clients());
        List<Link> links = new ArrayList<>();
        Link[] senderOf = new Link[pop.conversations().size()];
        List<CompletableFuture<Link>> opening = new ArrayList<>();
        for (int c = 0; c < pop.conversations().size(); c++) {
            Population.Conv conv = pop.conversations().get(c);
            for (int m = 0; m < conv.members().size(); m++) {
                Population.Account a = pop.accounts().get(conv.members().get(m));
                HttpClient client = clients[opening.size() % clients.length];
                int ci = c;
                opening.add(Link.open(client, m == 0 ? http.wsUrl() : receiveHttp.wsUrl(), a.token(),
                        m == 0 ? frame -> senderFrame(ci, frame) : this::receiverFrame));
            }
        }
        for (CompletableFuture<Link> f : opening) {
            links.add(f.join());
        }
        if (o.hidden()) {
            int at = 0;
            for (Population.Conv conv : pop.conversations()) {
                for (int m = 1; m < conv.members().size(); m++) {
                    links.get(at + m).send("{\"type\":\"visibility\",\"visible\":false}");
                }
                at += conv.members().size();
            }
        }
        int k = 0;
        for (int c = 0; c < pop.conversations().size(); c++) {
            senderOf[c] = links.get(k);
            k += pop.conversations().get(c).members().size();
        }
        this.senders = senderOf;
        log.printf("%d sockets open; %s for %d s after %d s of warm-up%n", links.size(),
                o.rate() > 0 ? String.format("offering %.0f msg/s", o.rate()) : "closed loop, " + o.window() + " in flight per sender",
                TimeUnit.NANOSECONDS.toSeconds(o.durationNanos()), TimeUnit.NANOSECONDS.toSeconds(o.warmupNanos()));

        long start = System.nanoTime();
        measureFrom = start + o.warmupNanos();
        measureTo = measureFrom + o.durationNanos();
        Thread pacer = null;
        if (o.rate() > 0) {
            pacer = new Thread(() -> pace(start), "bench-pacer");
            pacer.start();
        } else {
            for (int c = 0; c < senderOf.length; c++) {
                for (int w = 0; w < o.window(); w++) {
                    send(c, System.nanoTime());
                }
            }
        }
        List<Second> timeline = new ArrayList<>();
        Histogram total = new Histogram(MAX_LATENCY_NANOS, 3);
        sleepUntil(measureFrom);
        // No reset here: only messages due in the measured period are recorded (receiverFrame), and
        // one due just after measureFrom may land before this thread wakes; a reset dropped those,
        // and the run then said fewer were delivered than sent.
        beside.forEach(b -> b.measuring(this));
        ServerStats serverBefore = ServerStats.read(http);
        double benchCpuBefore = ServerStats.ownCpuSeconds();
        Histogram interval = null;
        for (int s = 1; System.nanoTime() < measureTo; s++) {
            sleepUntil(Math.min(measureTo, measureFrom + TimeUnit.SECONDS.toNanos(s)));
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            timeline.add(new Second(s, interval.getTotalCount(), ms(interval.getValueAtPercentile(50)),
                    ms(interval.getValueAtPercentile(99)), ms(interval.getMaxValue())));
        }
        double benchCpu = ServerStats.ownCpuSeconds() - benchCpuBefore;
        ServerStats serverAfter = ServerStats.read(http);
        beside.forEach(Beside::measured);
        sending = false;
        if (pacer != null) {
            pacer.join();
        }
        // Let what is in flight land; late deliveries of measured messages still count.
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < drainUntil && acked.get() + errors.get() < sent.get()) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        long unanswered = Math.max(0, sent.get() - acked.get() - errors.get());
        // An overloaded node still holds a backlog: wait it out, so the next run starts clean and a
        // message due in the measured period counts whenever it lands (open loop: its full wait).
        long cleanUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < cleanUntil && acked.get() + errors.get() < sent.get()) {
            Thread.sleep(100);
        }
        Thread.sleep(200);
        total.add(recorder.getIntervalHistogram());
        long lost = links.stream().filter(l -> l.closed).count();
        links.forEach(Link::close);
        double seconds = (measureTo - measureFrom) / 1e9; // shorter than asked if a Beside ended it
        return new Result(measuredSent.get(), acked.get(), total.getTotalCount(), errors.get(), lost,
                unanswered, total, timeline, seconds, serverBefore, serverAfter, benchCpu);
    }

    private Link[] senders;
    private final AtomicLong measuredSent = new AtomicLong();

    /** Open loop: message n is due at start + n / rate; senders take turns. */
    private void pace(long start) {
        double gap = 1e9 / o.rate();
        long n = 0;
        while (sending && System.nanoTime() < measureTo) {
            long due = start + (long) (n * gap);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // may return early: a message never goes before it is due
            }
            send((int) (n % senders.length), due);
            n++;
        }
    }

    private void send(int conversation, long due) {
        sent.incrementAndGet();
        if (due >= measureFrom && due < measureTo) {
            measuredSent.incrementAndGet();
        }
        String clientId = runTag + (due - origin) + "-" + counter.incrementAndGet();
        String text = o.hidden() ? markedText(due) : padding;
        senders[conversation].send("{\"type\":\"send\",\"conversation_id\":\"" + pop.conversations().get(conversation).id()
                + "\",\"client_id\":\"" + clientId + "\",\"text\":\"" + text + "\"}");
    }

    /** {@code @TAG OFFSET } then padding up to the message size: the due time, readable from a push. */
    String markedText(long due) {
        String mark = "@" + runTag + (due - origin) + " ";
        return mark.length() >= padding.length() ? mark.strip() : mark + padding.substring(mark.length());
    }

    /** The due time (System.nanoTime) a text of this run carries, or -1 for any other text. */
    long dueOfText(String text) {
        String head = "@" + runTag;
        if (text == null || !text.startsWith(head)) {
            return -1;
        }
        int end = text.indexOf(' ', head.length());
        try {
            return origin + Long.parseLong(text, head.length(), end < 0 ? text.length() : end, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a message due at this time belongs to the measured period. */
    boolean measured(long due) {
        return due >= measureFrom && due < measureTo;
    }

    /** Ends the measured period now, if it is under way (the erasure it measured is done). */
    void endMeasuring() {
        long now = System.nanoTime();
        if (now > measureFrom && now < measureTo) {
            measureTo = now;
        }
    }

    long measureFrom() {
        return measureFrom;
    }

    long measureTo() {
        return measureTo;
    }

    private void senderFrame(int conversation, String frame) {
        if (frame.startsWith("{\"type\":\"sent\"")) {
            acked.incrementAndGet();
        } else if (frame.startsWith("{\"type\":\"error\"")) {
            errors.incrementAndGet();
        } else {
            return;
        }
        if (o.rate() <= 0 && sending) {
            send(conversation, System.nanoTime());
        }
    }

    private void receiverFrame(String frame) {
        if (!frame.startsWith("{\"type\":\"event\"") || !frame.contains("\"message.created\"")) {
            return;
        }
        long now = System.nanoTime();
        int at = frame.indexOf("\"client_id\":\"" + runTag);
        if (at < 0) {
            return; // not a message of this run
        }
        int from = at + 13 + runTag.length();
        int dash = frame.indexOf('-', from);
        long due = origin + Long.parseLong(frame, from, dash, 10);
        delivered.incrementAndGet();
        if (due >= measureFrom && due < measureTo) {
            recorder.recordValue(Math.min(MAX_LATENCY_NANOS, Math.max(0, now - due)));
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 50_000_000));
        }
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
