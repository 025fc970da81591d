package dev.parley.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code --uploads N} (issue 18): N uploaders post 1 MB files (three photos to one text file) to
 * the upload route in a loop, each as its own recipient account, while the message load runs, so
 * the text messages' rate can be set beside a run without uploads. The node's daily upload quota
 * must allow it (a spawned node gets a large one).
 */
final class Uploaders implements LoadRun.Beside, AutoCloseable {
    /** Figures over the measured period. */
    record Result(long uploads, long failed, long bytes, double seconds, Histogram latency) {
        double mbPerSecond() {
            return UploadFiles.mb(bytes) / seconds;
        }
    }

    private final Http http;
    private final List<String> tokens;
    private final List<Thread> threads = new ArrayList<>();
    private final Recorder latency = new Recorder(LoadRun.MAX_LATENCY_NANOS, 3);
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong counter = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean measuring;
    private Histogram measuredLatency;
    private long measuredUploads;
    private long measuredFailed;
    private long measuredBytes;

    /** @param tokens the uploaders' accounts, taken in turn */
    Uploaders(Http http, List<String> tokens, int count) {
        this.http = http;
        this.tokens = tokens;
        for (int i = 0; i < count; i++) {
            String token = tokens.get(i % tokens.size());
            Thread t = new Thread(() -> loop(token), "bench-uploader-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    /** Starts the uploaders with the load, so the warm-up covers them too. */
    Uploaders start() {
        threads.forEach(Thread::start);
        return this;
    }

    private void loop(String token) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        while (running) {
            UploadFiles.Uploaded u = UploadFiles.upload(client, http, token, UploadFiles.pick(counter.getAndIncrement()));
            waitOut(u.retryAfter());
            if (!measuring) {
                continue;
            }
            if (u.status() == 201) {
                uploads.incrementAndGet();
                bytes.addAndGet(u.file().bytes().length);
                latency.recordValue(Math.min(LoadRun.MAX_LATENCY_NANOS, u.nanos()));
            } else {
                failed.incrementAndGet();
            }
        }
    }

    /**
     * A refused upload's Retry-After is waited out, as the web client does: an uploader that sent
     * again at once would measure a client no real one is, re-sending 1 MB bodies in a loop.
     */
    private void waitOut(long seconds) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (running && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void measuring(LoadRun run) {
        uploads.set(0);
        failed.set(0);
        bytes.set(0);
        latency.reset();
        measuring = true;
    }

    @Override
    public void measured() {
        measuring = false;
        measuredUploads = uploads.get();
        measuredFailed = failed.get();
        measuredBytes = bytes.get();
        measuredLatency = latency.getIntervalHistogram();
    }

    Result result(double seconds) {
        return new Result(measuredUploads, measuredFailed, measuredBytes, seconds, measuredLatency);
    }

    /** Stops the loops; an upload in flight finishes first (bounded by its timeout). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(130_000);
        }
    }
}
