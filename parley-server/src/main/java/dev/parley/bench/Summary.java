package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Medians and ranges of repeated runs ({@code --compare}, issue 22): a figure from one run on a
 * shared 2-core machine says little, the median of several with their spread says what moved.
 */
final class Summary {
    /** One figure of a run's JSON report: its label, where it is, how it prints. */
    record Figure(String label, String pointer, String format) {}

    static final List<Figure> FIGURES = List.of(
            new Figure("msg/s", "/messages_per_second", "%,.0f"),
            new Figure("p50 ms", "/latency_ms/p50", "%.1f"),
            new Figure("p99 ms", "/latency_ms/p99", "%.1f"),
            new Figure("server µs/msg", "/server/cpu_us_per_message", "%.1f"),
            new Figure("errors", "/errors", "%.0f"),
            new Figure("pushes/s", "/push/pushes_per_second", "%,.0f"),
            new Figure("push p50 ms", "/push/delay_ms/p50", "%.1f"),
            new Figure("push p99 ms", "/push/delay_ms/p99", "%.1f"),
            new Figure("upload MB/s", "/uploads/mb_per_second", "%.1f"),
            new Figure("upload p99 ms", "/uploads/latency_ms/p99", "%.0f"));

    private Summary() {}

    /** The median: the middle value, or the mean of the middle two. NaN for none. */
    static double median(List<Double> values) {
        List<Double> v = values.stream().filter(d -> !d.isNaN()).sorted().toList();
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int mid = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(mid) : (v.get(mid - 1) + v.get(mid)) / 2;
    }

    /** "median (min–max)", or just the value for one run, or "–" for none. */
    static String medianRange(List<Double> values, String format) {
        List<Double> v = values.stream().filter(d -> !d.isNaN()).sorted().toList();
        if (v.isEmpty()) {
            return "–";
        }
        String med = String.format(Locale.ROOT, format, median(v));
        if (v.size() == 1) {
            return med;
        }
        return med + " (" + String.format(Locale.ROOT, format, v.get(0)) + "–"
                + String.format(Locale.ROOT, format, v.get(v.size() - 1)) + ")";
    }

    /** A figure of each run; NaN where a run's report lacks it. */
    static List<Double> values(List<JsonNode> runs, String pointer) {
        List<Double> out = new ArrayList<>();
        for (JsonNode r : runs) {
            JsonNode v = r.at(pointer);
            out.add(v.isNumber() ? v.asDouble() : Double.NaN);
        }
        return out;
    }

    /**
     * The sides' figures in columns, medians with their ranges; a figure no run has is left out;
     * the last line sets each side's median msg/s against the first side's.
     */
    static String table(List<String> sides, List<List<JsonNode>> runs) {
        StringBuilder b = new StringBuilder();
        int width = 26;
        b.append(String.format(Locale.ROOT, "%n  %-15s", "runs: " + runs.get(0).size()));
        sides.forEach(s -> b.append(String.format(Locale.ROOT, "  %-" + width + "s", s)));
        b.append('\n');
        for (Figure f : FIGURES) {
            boolean any = runs.stream().anyMatch(rs -> values(rs, f.pointer()).stream().anyMatch(d -> !d.isNaN()));
            if (!any) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  %-15s", f.label()));
            for (List<JsonNode> rs : runs) {
                b.append(String.format(Locale.ROOT, "  %-" + width + "s", medianRange(values(rs, f.pointer()), f.format())));
            }
            b.append('\n');
        }
        double first = median(values(runs.get(0), "/messages_per_second"));
        b.append(String.format(Locale.ROOT, "  %-15s", "msg/s ratio"));
        for (List<JsonNode> rs : runs) {
            b.append(String.format(Locale.ROOT, "  %-" + width + "s",
                    String.format(Locale.ROOT, "%.3f", median(values(rs, "/messages_per_second")) / first)));
        }
        return b.append('\n').toString();
    }
}
