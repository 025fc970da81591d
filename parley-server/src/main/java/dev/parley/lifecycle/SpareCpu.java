package dev.parley.lifecycle;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Holds one background thread's work to a small share of a core while the rest of the node is
 * busy, and lets it run freely otherwise. For work nobody waits for in real time (thumbnails) beside
 * work somebody does (a text message).
 *
 * <p>Why the idle scheduling class ({@link LowPriority}) is not enough: a closed loop of sends leaves
 * a core idle for moments between its steps (a batch gathering, an acknowledgement on its way), and
 * idle-class work filling those moments still cost the sends a fifth of their rate on two cores
 * (issue 18: preemptions, caches, the other core's memory traffic), although they always won the CPU.
 * So while the node's other threads are using at least {@link #BUSY_FRACTION} of the cores and there is
 * foreground work going on ({@link #yieldTo}: messages being committed), the background
 * thread pauses between pieces of work for long enough that it took only {@link #BUSY_SHARE} of a
 * core; when they are not, it does not pause at all, so uploads on a quiet node are not slowed.
 * Where the JVM cannot read thread CPU time, the work runs without pauses.
 *
 * <p>"Busy" is measured over windows of at least {@link #WINDOW_NANOS}: the process's CPU time
 * (which the JDK counts in 10 ms ticks) less this thread's own, and whether the foreground count moved.
 * The CPU alone cannot say it: a burst of a hundred uploads with no text took up to 0.9 of two cores in
 * the web server's reading and the garbage it leaves, and held its own thumbnails back (4 Dec).
 * One instance serves one thread.
 */
public final class SpareCpu {
    /**
     * The share of one core the work may take while the node is busy. Beside ten uploaders on two cores,
     * text kept 0.76 of its rate with no budget, 0.88 at 0.15, and 0.92 (median of 20 rounds, this VM's
     * noise about as wide) at 0.05 (docs/PERFORMANCE.md, 4 Dec).
     */
    static final double BUSY_SHARE = 0.05;
    /**
     * The share of the machine's cores the rest of the node must use to count as busy. Half: a closed
     * loop of sends on two cores takes 1.2–1.4 of them, while a burst of a hundred uploads alone (their
     * bodies read by the web server, the garbage they leave) took 0.4–0.9, and must not slow itself.
     */
    static final double BUSY_FRACTION = 0.5;
    /** Shortest span a busy reading is taken over; with 10 ms ticks, ±0.05 cores. */
    static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** After this long with no work, the old window says nothing about now: start a new one. */
    static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest pause after one piece of work, so a huge image cannot park the thread for minutes. */
    static final long MAX_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** Where the readings come from; a test gives its own. */
    interface Clocks {
        long wallNanos();

        long processCpuNanos();

        /** The calling thread's CPU time. */
        long threadCpuNanos();

        void pause(long nanos) throws InterruptedException;
    }

    private final Clocks clocks;
    private final double busyCores;
    /** Foreground work done so far; unset, the CPU alone decides. */
    private volatile LongSupplier foreground;
    private long windowForeground;
    private final AtomicLong pausedNanos = new AtomicLong();
    private long windowWall;
    private long windowProcess;
    private long windowOwn;
    private boolean worked;
    private long lastWorkEnded;
    private long owedPause;
    private boolean busy;

    public SpareCpu() {
        this(jvmClocks(), Runtime.getRuntime().availableProcessors());
    }

    SpareCpu(Clocks clocks, int cores) {
        this.clocks = clocks;
        this.busyCores = BUSY_FRACTION * cores;
    }

    /**
     * Runs the work on the calling thread. The pause the last work earned is taken first, less the
     * time the thread has been idle since, so that a piece of work's own answer never waits for it.
     */
    public <T> T run(Callable<T> work) throws Exception {
        long ownBefore = beforeWork();
        try {
            return work.call();
        } finally {
            afterWork(ownBefore);
        }
    }

    /** {@link #run(Callable)} for work that answers nobody (a thumbnail); only the pause can be interrupted. */
    public void run(Runnable work) throws InterruptedException {
        long ownBefore = beforeWork();
        try {
            work.run();
        } finally {
            afterWork(ownBefore);
        }
    }

    /** Takes the pause owed; returns this thread's CPU time as the work starts. */
    private long beforeWork() throws InterruptedException {
        if (clocks == null) {
            return 0;
        }
        long start = clocks.wallNanos();
        if (!worked) {
            startWindow(start);
        } else {
            long idle = start - lastWorkEnded;
            if (owedPause > idle) {
                pausedNanos.addAndGet(owedPause - idle);
                clocks.pause(owedPause - idle);
            }
            if (idle > STALE_NANOS) {
                startWindow(clocks.wallNanos());
                busy = false;
            }
        }
        owedPause = 0;
        return clocks.threadCpuNanos();
    }

    /** What the work gives way to: a count of foreground work done so far (messages committed). */
    public void yieldTo(LongSupplier foregroundDone) {
        this.foreground = foregroundDone;
    }

    /** How long the work has paused to give way so far, in seconds: an operator's sign that photos wait for text. */
    public double pausedSeconds() {
        return pausedNanos.get() / 1e9;
    }

    /** Whether this JVM lets it read CPU time (HotSpot on Linux, macOS, Windows do); else it never pauses. */
    boolean measures() {
        return clocks != null;
    }

    /** Whether the last reading found the node busy. */
    boolean busy() {
        return busy;
    }

    private void afterWork(long ownBefore) {
        if (clocks == null) {
            return;
        }
        long ownCpu = clocks.threadCpuNanos() - ownBefore;
        long now = clocks.wallNanos();
        if (now - windowWall >= WINDOW_NANOS) {
            long process = clocks.processCpuNanos();
            long own = clocks.threadCpuNanos();
            double others = ((process - windowProcess) - (own - windowOwn)) / (double) (now - windowWall);
            long done = foregroundDone();
            busy = process >= 0 && others >= busyCores && done != windowForeground;
            windowWall = now;
            windowProcess = process;
            windowOwn = own;
            windowForeground = done;
        }
        owedPause = busy && ownCpu > 0 ? Math.min(MAX_PAUSE_NANOS, (long) (ownCpu * (1 - BUSY_SHARE) / BUSY_SHARE)) : 0;
        worked = true;
        lastWorkEnded = now;
    }

    private void startWindow(long now) {
        windowWall = now;
        windowProcess = clocks.processCpuNanos();
        windowOwn = clocks.threadCpuNanos();
        windowForeground = foregroundDone();
    }

    /** With no foreground count given, a count that always moves: the CPU alone decides. */
    private long foregroundDone() {
        LongSupplier f = foreground;
        return f == null ? windowForeground + 1 : f.getAsLong();
    }

    private static Clocks jvmClocks() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()
                || !(os instanceof com.sun.management.OperatingSystemMXBean process)) {
            return null;
        }
        return new Clocks() {
            @Override
            public long wallNanos() {
                return System.nanoTime();
            }

            @Override
            public long processCpuNanos() {
                return process.getProcessCpuTime();
            }

            @Override
            public long threadCpuNanos() {
                return threads.getCurrentThreadCpuTime();
            }

            @Override
            public void pause(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }
}
