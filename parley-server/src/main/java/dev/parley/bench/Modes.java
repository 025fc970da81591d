package dev.parley.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The bench's runs that are not one message load: a burst of uploads ({@code --upload-burst}) and
 * an erasure under load ({@code --erase}). Each prints its figures as a few lines or, with
 * {@code --json}, as JSON.
 */
final class Modes {
    private Modes() {}

    static int uploadBurst(BenchCommand cmd, Http http, Population pop) throws Exception {
        List<String> tokens = PushReceiver.recipients(pop).stream().map(Population.Account::token).toList();
        UploadBurst.Result r = UploadBurst.run(http, tokens, cmd.uploadBurst, System.err);
        ObjectNode o = Http.JSON.createObjectNode();
        o.put("uploads", r.uploads()).put("failed", r.failed()).put("seconds", r.seconds())
                .put("mb_per_second", r.mbPerSecond())
                .put("photo_bytes", UploadFiles.PNG.bytes().length).put("text_bytes", UploadFiles.TEXT.bytes().length)
                .put("heap_mb_before", r.heapBeforeBytes() / 1048576).put("heap_mb_peak", r.heapPeakBytes() / 1048576)
                .put("thumbnails_missing", r.thumbnailsMissing());
        Report.percentiles(o.putObject("latency_ms"), r.latency());
        Report.percentiles(o.putObject("thumbnail_ms"), r.thumbnails());
        String table = String.format(Locale.ROOT, "%nupload burst: %d uploads of ~1 MB at once (3 PNG photos of %,d B to "
                        + "1 text file of %,d B), %d failed%n  %.2f s, %.1f MB/s; latency p50 %.0f ms  p99 %.0f ms  max %.0f ms%n"
                        + "  node heap %.0f MB before, peak %.0f MB (sampled every 50 ms)%n"
                        + "  thumbnail served after the answer: p50 %.0f ms  p99 %.0f ms (%d photos, %d never)%n",
                r.uploads() + r.failed(), UploadFiles.PNG.bytes().length, UploadFiles.TEXT.bytes().length, r.failed(),
                r.seconds(), r.mbPerSecond(), o.at("/latency_ms/p50").asDouble(), o.at("/latency_ms/p99").asDouble(),
                o.at("/latency_ms/max").asDouble(), r.heapBeforeBytes() / 1048576, r.heapPeakBytes() / 1048576,
                o.at("/thumbnail_ms/p50").asDouble(), o.at("/thumbnail_ms/p99").asDouble(),
                r.thumbnails().getTotalCount(), r.thumbnailsMissing());
        cmd.print(table, o);
        return r.failed() == 0 && r.thumbnailsMissing() == 0 ? 0 : 1;
    }

    static int erase(BenchCommand cmd, Http http, Population pop) throws Exception {
        PrintStream log = System.err;
        if (!"password".equals(cmd.auth)) {
            log.println("parley bench: --erase erases a password account; run it with --auth password");
            return 2;
        }
        ErasureRun.Victim victim = ErasureRun.signUp(http, "ev");
        String admin = cmd.adminToken;
        if (admin == null) {
            if (!cmd.spawn) {
                log.println("parley bench: --erase against --url needs --admin-token to follow the erasure");
                return 2;
            }
            ErasureRun.Victim observer = ErasureRun.signUp(http, "eo");
            SpawnedAdmin.grant(cmd.spawnData, observer.id());
            admin = observer.token();
        }
        ErasureRun.seed(http, victim, pop, cmd.erase, cmd.size, 64, log);
        log.println("the load without an erasure…");
        ObjectNode before = cmd.measureLoad(http, pop, new BenchAuth.Password(), false, 0).json();
        ErasureRun erasure = new ErasureRun(http, victim, admin, log);
        log.println("the load while the account is erased…");
        ObjectNode during = cmd.measureLoad(http, pop, new BenchAuth.Password(), false, 0, erasure).json();
        ErasureRun.Result r = erasure.await();
        double ratio = during.get("messages_per_second").asDouble() / before.get("messages_per_second").asDouble();
        ObjectNode o = Http.JSON.createObjectNode();
        o.put("messages", cmd.erase).put("erasure_seconds", r.seconds()).put("done", r.done())
                .put("messages_erased", r.messagesErased()).put("events_stripped", r.eventsStripped())
                .put("measured_seconds", during.get("seconds").asDouble()).put("ratio", ratio);
        o.set("before", before);
        o.set("during", during);
        String table = String.format(Locale.ROOT, "%nerasure of an account with %,d messages: %s (%,d messages erased, "
                        + "%,d events stripped)%n  msg/s without %,.0f (p99 %.1f ms); while erasing (%.1f s measured) "
                        + "%,.0f (p99 %.1f ms): ratio %.2f%n",
                cmd.erase, r.done() ? String.format(Locale.ROOT, "%.1f s", r.seconds()) : "not done in time",
                r.messagesErased(), r.eventsStripped(), before.get("messages_per_second").asDouble(),
                before.at("/latency_ms/p99").asDouble(), during.get("seconds").asDouble(),
                during.get("messages_per_second").asDouble(), during.at("/latency_ms/p99").asDouble(), ratio);
        cmd.print(table, o);
        return r.done() && before.get("errors").asLong() + during.get("errors").asLong() == 0 ? 0 : 1;
    }
}
