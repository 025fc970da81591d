package dev.parley.responsiveness;

import java.time.Duration;
import java.util.List;

/**
 * The spread of some durations, in seconds. Percentiles are nearest-rank: the p50 of 4 values is
 * the 2nd smallest, the p90 the 4th, so every figure is a duration that really happened and a
 * person can check it by hand. All null when there is nothing to measure.
 */
public record Stats(long count, Double p50Seconds, Double p90Seconds, Double meanSeconds) {

    public static final Stats NONE = new Stats(0, null, null, null);

    public static Stats of(List<Duration> durations) {
        if (durations.isEmpty()) {
            return NONE;
        }
        long[] ms = durations.stream().mapToLong(Duration::toMillis).sorted().toArray();
        long sum = 0;
        for (long v : ms) {
            sum += v;
        }
        return new Stats(ms.length, seconds(rank(ms, 0.5)), seconds(rank(ms, 0.9)), seconds((double) sum / ms.length));
    }

    private static double rank(long[] sorted, double p) {
        int n = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, n - 1)];
    }

    private static double seconds(double ms) {
        return Math.round(ms) / 1000.0;
    }
}
