package dev.parley.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code --upload-burst N} (issue 18's figure "100 concurrent 1 MB uploads: MB/s, p99, heap
 * peak, thumbnail time p50/p99"): N uploads released at once, one thread each, the node's heap
 * read from its /metrics every 50 ms meanwhile; then the time from each photo's answer until its
 * thumbnail is served. Two uploads first warm the path (Tika, ImageIO).
 */
final class UploadBurst {
    static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(120);

    /** @param thumbnails from a photo's answer to its small thumbnail being served; photos never served are {@code thumbnailsMissing} */
    record Result(int uploads, int failed, long bytes, double seconds, Histogram latency, double heapPeakBytes,
                  double heapBeforeBytes, Histogram thumbnails, int thumbnailsMissing) {
        double mbPerSecond() {
            return UploadFiles.mb(bytes) / seconds;
        }
    }

    private UploadBurst() {}

    static Result run(Http http, List<String> tokens, int count, PrintStream log) throws Exception {
        HttpClient warm = HttpClient.newHttpClient();
        UploadFiles.upload(warm, http, tokens.get(0), UploadFiles.PNG);
        UploadFiles.upload(warm, http, tokens.get(0), UploadFiles.TEXT);
        double heapBefore = ServerStats.read(http).heapBytes();
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<UploadFiles.Uploaded>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String token = tokens.get(i % tokens.size());
            UploadFiles.File f = UploadFiles.pick(i);
            HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            all.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return UploadFiles.upload(c, http, token, f);
            }, pool));
        }
        log.printf("%d uploads of about 1 MB at once…%n", count);
        double heapPeak = heapBefore;
        long start = System.nanoTime();
        go.countDown();
        CompletableFuture<Void> done = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        while (!done.isDone() && System.nanoTime() - start < GIVE_UP_NANOS) {
            heapPeak = Math.max(heapPeak, ServerStats.read(http).heapBytes());
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        Histogram latency = new Histogram(LoadRun.MAX_LATENCY_NANOS, 3);
        int failed = 0;
        long bytes = 0;
        List<Pending> photos = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            UploadFiles.Uploaded u = all.get(i).getNow(null);
            if (u == null || u.status() != 201) {
                failed++;
                continue;
            }
            latency.recordValue(Math.min(LoadRun.MAX_LATENCY_NANOS, u.nanos()));
            bytes += u.file().bytes().length;
            if (u.file().image()) {
                photos.add(new Pending(u.id(), tokens.get(i % tokens.size()), start + u.nanos()));
            }
        }
        Histogram thumbs = new Histogram(LoadRun.MAX_LATENCY_NANOS, 3);
        int missing = waitForThumbnails(warm, http, photos, thumbs);
        return new Result(count - failed, failed, bytes, seconds, latency, heapPeak, heapBefore, thumbs, missing);
    }

    private record Pending(String id, String token, long answeredAt) {}

    /** Polls the photos' thumbnails every 50 ms; returns how many never came within the limit. */
    private static int waitForThumbnails(HttpClient client, Http http, List<Pending> photos, Histogram into)
            throws InterruptedException {
        List<Pending> left = new ArrayList<>(photos);
        long until = System.nanoTime() + GIVE_UP_NANOS;
        while (!left.isEmpty() && System.nanoTime() < until) {
            for (var it = left.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (UploadFiles.thumbnailReady(client, http, p.token(), p.id())) {
                    into.recordValue(Math.min(LoadRun.MAX_LATENCY_NANOS, Math.max(0, System.nanoTime() - p.answeredAt())));
                    it.remove();
                }
            }
            Thread.sleep(50);
        }
        return left.size();
    }
}
