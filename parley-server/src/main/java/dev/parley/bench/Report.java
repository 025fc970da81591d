package dev.parley.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** A run's figures as a table for people, JSON for scripts and an HTML page with two charts. */
final class Report {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private Report() {}

    static ObjectNode json(String url, String mode, Population pop, int groupSize, int size, LoadRun.Result r,
                           ServerStats before, ServerStats after, Double baseline) {
        ObjectNode o = Http.JSON.createObjectNode();
        o.put("url", url);
        o.put("mode", mode);
        o.put("conversations", pop.conversations().size());
        o.put("group_size", groupSize);
        o.put("message_bytes", size);
        o.put("seconds", r.seconds());
        o.put("sent", r.sent());
        o.put("acknowledged", r.acked());
        o.put("delivered", r.delivered());
        o.put("sent_per_second", r.sent() / r.seconds());
        o.put("messages_per_second", r.delivered() / (double) Math.max(1, groupSize - 1) / r.seconds());
        o.put("deliveries_per_second", r.delivered() / r.seconds());
        o.put("errors", r.errors());
        o.put("unanswered", r.unanswered());
        o.put("closed_sockets", r.lostSockets());
        ObjectNode lat = o.putObject("latency_ms");
        Histogram h = r.latency();
        for (double p : PERCENTILES) {
            lat.put("p" + trim(p), LoadRun.ms(h.getValueAtPercentile(p)));
        }
        lat.put("max", LoadRun.ms(h.getMaxValue()));
        lat.put("mean", h.getMean() / 1e6);
        ObjectNode server = o.putObject("server");
        double perSecond = r.delivered() / (double) Math.max(1, groupSize - 1) / r.seconds();
        server.put("cpu_cores", ServerStats.cores(before, after));
        // CPU per message is steadier than throughput on a shared machine: the figure to compare.
        server.put("cpu_us_per_message", ServerStats.cores(before, after) / perSecond * 1e6);
        server.put("resident_mb", after.residentBytes() / 1048576);
        server.put("heap_mb", after.heapBytes() / 1048576);
        ObjectNode bench = o.putObject("bench");
        bench.put("cpu_cores", r.benchCpuSeconds() / r.seconds());
        bench.put("cpu_us_per_message", r.benchCpuSeconds() / r.seconds() / perSecond * 1e6);
        if (baseline != null) {
            ObjectNode b = o.putObject("baseline");
            b.put("raw_rows_per_second", baseline);
            b.put("parley_fraction", r.delivered() / (double) Math.max(1, groupSize - 1) / r.seconds() / baseline);
        }
        ArrayNode t = o.putArray("timeline");
        for (LoadRun.Second s : r.timeline()) {
            t.addObject().put("second", s.second()).put("delivered", s.delivered()).put("p50_ms", s.p50())
                    .put("p99_ms", s.p99()).put("max_ms", s.max());
        }
        return o;
    }

    /** The push receiver's figures beside the messages' ({@code --push}). */
    static void push(ObjectNode o, PushReceiver.Result p) {
        ObjectNode n = o.putObject("push");
        n.put("pushes", p.pushes());
        n.put("pushes_per_second", p.perSecond());
        n.put("undecryptable", p.undecryptable());
        n.put("delays_measured", p.delay().getTotalCount());
        if (p.delay().getTotalCount() > 0) { // no push, no delay: left out rather than shown as 0 ms
            percentiles(n.putObject("delay_ms"), p.delay());
        }
    }

    /** The uploaders' figures beside the messages' ({@code --uploads}). */
    static void uploads(ObjectNode o, int uploaders, Uploaders.Result u) {
        ObjectNode n = o.putObject("uploads");
        n.put("uploaders", uploaders);
        n.put("uploads", u.uploads());
        n.put("failed", u.failed());
        n.put("mb_per_second", u.mbPerSecond());
        percentiles(n.putObject("latency_ms"), u.latency());
    }

    static void percentiles(ObjectNode into, Histogram h) {
        into.put("p50", LoadRun.ms(h.getValueAtPercentile(50)));
        into.put("p99", LoadRun.ms(h.getValueAtPercentile(99)));
        into.put("max", LoadRun.ms(h.getMaxValue()));
    }

    static String table(ObjectNode o) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nparley bench  %s  %s  %d conversations of %d  %d-byte messages  %.0f s%n",
                o.get("url").asText(), o.get("mode").asText(), o.get("conversations").asInt(), o.get("group_size").asInt(),
                o.get("message_bytes").asInt(), o.get("seconds").asDouble()));
        row(b, "messages/s", String.format(Locale.ROOT, "%,.0f  (sent %,d, delivered %,d to recipients: %,.0f/s)",
                o.get("messages_per_second").asDouble(), o.get("sent").asLong(), o.get("delivered").asLong(),
                o.get("deliveries_per_second").asDouble()));
        row(b, "errors", o.get("errors").asLong() + "  (unanswered " + o.get("unanswered").asLong()
                + ", sockets closed " + o.get("closed_sockets").asLong() + ")");
        var l = o.get("latency_ms");
        row(b, "latency ms", String.format(Locale.ROOT, "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f",
                l.get("p50").asDouble(), l.get("p90").asDouble(), l.get("p99").asDouble(), l.get("p99.9").asDouble(),
                l.get("max").asDouble()));
        var s = o.get("server");
        row(b, "server", String.format(Locale.ROOT, "cpu %.2f cores (%.0f µs a message)  resident %.0f MB  heap %.0f MB",
                s.get("cpu_cores").asDouble(), s.get("cpu_us_per_message").asDouble(), s.get("resident_mb").asDouble(),
                s.get("heap_mb").asDouble()));
        var bc = o.get("bench");
        row(b, "bench", String.format(Locale.ROOT, "cpu %.2f cores (%.0f µs a message)",
                bc.get("cpu_cores").asDouble(), bc.get("cpu_us_per_message").asDouble()));
        if (o.has("push")) {
            var p = o.get("push");
            String delay = !p.has("delay_ms") ? "no push of a measured message arrived"
                    : String.format(Locale.ROOT, "delay from send p50 %.1f ms  p99 %.1f ms  max %.1f ms (%,d pushes)",
                    p.at("/delay_ms/p50").asDouble(), p.at("/delay_ms/p99").asDouble(), p.at("/delay_ms/max").asDouble(),
                    p.get("delays_measured").asLong());
            row(b, "push", String.format(Locale.ROOT, "%,.1f pushes/s (%,d in the period, %d undecryptable)  %s",
                    p.get("pushes_per_second").asDouble(), p.get("pushes").asLong(), p.get("undecryptable").asLong(),
                    delay));
        }
        if (o.has("uploads")) {
            var u = o.get("uploads");
            row(b, "uploads", String.format(Locale.ROOT, "%d uploaders: %.1f MB/s (%,d files, %d failed)  "
                            + "p50 %.0f ms  p99 %.0f ms", u.get("uploaders").asInt(), u.get("mb_per_second").asDouble(),
                    u.get("uploads").asLong(), u.get("failed").asLong(), u.at("/latency_ms/p50").asDouble(),
                    u.at("/latency_ms/p99").asDouble()));
        }
        if (o.has("baseline")) {
            var bl = o.get("baseline");
            row(b, "baseline", String.format(Locale.ROOT, "raw inserts %,.0f rows/s; Parley at %.0f%% of it",
                    bl.get("raw_rows_per_second").asDouble(), 100 * bl.get("parley_fraction").asDouble()));
        }
        return b.toString();
    }

    static void row(StringBuilder b, String name, String value) {
        b.append(String.format(Locale.ROOT, "  %-12s %s%n", name, value));
    }

    private static String trim(double p) {
        return p == Math.floor(p) ? String.valueOf((long) p) : String.valueOf(p);
    }

    /** A self-contained page: latency over time (p50, p99, max per second) and the latency histogram. */
    static String html(ObjectNode o, Histogram h) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html><meta charset=utf-8><title>parley bench</title>")
                .append("<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:900px}")
                .append("pre{background:#f6f6f6;padding:1em}svg{background:#fff;border:1px solid #ddd}")
                .append(".p50{stroke:#2a7}.p99{stroke:#d62}.max{stroke:#999;stroke-dasharray:3 3}</style>")
                .append("<h1>parley bench</h1><pre>").append(escape(table(o))).append("</pre>");
        b.append("<h2>Latency over time</h2>").append(timeline(o.get("timeline")));
        b.append("<p><span style=color:#2a7>p50</span> · <span style=color:#d62>p99</span> · "
                + "<span style=color:#999>max</span>, per second, ms (log scale)</p>");
        b.append("<h2>Latency histogram</h2>").append(histogram(h));
        b.append("<p>messages per latency band, ms (log scale)</p>");
        return b.toString();
    }

    private static String timeline(com.fasterxml.jackson.databind.JsonNode seconds) {
        int w = 860;
        int ht = 300;
        int n = Math.max(1, seconds.size());
        double top = 1;
        for (var s : seconds) {
            top = Math.max(top, s.get("max_ms").asDouble());
        }
        double lo = 0.1;
        double span = Math.log10(top * 1.2) - Math.log10(lo);
        StringBuilder svg = new StringBuilder("<svg width=" + w + " height=" + (ht + 30) + ">");
        for (double g = lo; g <= top * 1.2; g *= 10) {
            double y = ht - (Math.log10(g) - Math.log10(lo)) / span * ht;
            svg.append(String.format(Locale.ROOT, "<line x1=40 x2=%d y1=%.1f y2=%.1f stroke=#eee />", w, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=2 y=%.1f font-size=11>%s</text>", y + 4, fmt(g)));
        }
        for (String field : List.of("p50_ms", "p99_ms", "max_ms")) {
            StringBuilder pts = new StringBuilder();
            int i = 0;
            for (var s : seconds) {
                double v = Math.max(lo, s.get(field).asDouble());
                double x = 40 + (w - 50) * (n == 1 ? 0.5 : i / (double) (n - 1));
                double y = ht - (Math.log10(v) - Math.log10(lo)) / span * ht;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                i++;
            }
            svg.append("<polyline fill=none stroke-width=2 class=").append(field.replace("_ms", ""))
                    .append(" points='").append(pts).append("' />");
        }
        svg.append(String.format(Locale.ROOT, "<text x=40 y=%d font-size=11>second 1</text>", ht + 20));
        svg.append(String.format(Locale.ROOT, "<text x=%d y=%d font-size=11>second %d</text>", w - 80, ht + 20, n));
        return svg.append("</svg>").toString();
    }

    private static String histogram(Histogram h) {
        int w = 860;
        int ht = 260;
        double[] edges = new double[41];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = 0.05 * Math.pow(10, i / 10.0); // 0.05 ms … 500 ms, 10 bands a decade
        }
        long[] counts = new long[edges.length - 1];
        long most = 1;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = h.getCountBetweenValues((long) (edges[i] * 1e6), (long) (edges[i + 1] * 1e6) - 1);
            most = Math.max(most, counts[i]);
        }
        double bw = (w - 40) / (double) counts.length;
        StringBuilder svg = new StringBuilder("<svg width=" + w + " height=" + (ht + 30) + ">");
        for (int i = 0; i < counts.length; i++) {
            double bh = counts[i] == 0 ? 0 : Math.max(1, Math.log10(counts[i] + 1) / Math.log10(most + 1) * ht);
            svg.append(String.format(Locale.ROOT,
                    "<rect x=%.1f y=%.1f width=%.1f height=%.1f fill=#48c><title>%s–%s ms: %d</title></rect>",
                    20 + i * bw, ht - bh, bw - 1, bh, fmt(edges[i]), fmt(edges[i + 1]), counts[i]));
            if (i % 10 == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=%.1f y=%d font-size=11>%s</text>", 20 + i * bw, ht + 18,
                        fmt(edges[i])));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String fmt(double ms) {
        return ms >= 1 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;");
    }
}
