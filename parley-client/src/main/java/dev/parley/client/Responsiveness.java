package dev.parley.client;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How fast a business answered its customers over a period (see {@code GET …/metrics}): only a
 * person's first reply to a customer's request counts, durations count opening hours only, spam
 * and blocked conversations are left out. Durations are seconds; nulls mean nothing to measure.
 *
 * @param businessHours whether the business set opening hours (else every hour counted)
 */
public record Responsiveness(String businessId, Instant from, Instant to, String timeZone, boolean businessHours,
                             Figures summary, Figures complaints, Badge badge, List<Agent> agents, List<Day> days) {

    /** @param responseRate responded ÷ (responded + missed), 0–1 */
    public record Figures(long requests, double perDay, long responded, long missed, long awaiting,
                          Double responseRate, Stats firstResponse, long resolved, Stats resolution) {}

    /** Nearest-rank percentiles, in seconds. */
    public record Stats(long count, Double p50Seconds, Double p90Seconds, Double meanSeconds) {}

    /** "Very responsive" over the 7 days before now; {@code missing} says what keeps it from being earned. */
    public record Badge(boolean earned, Instant from, Instant to, long requests, Double responseRate,
                        Double firstResponseP50Seconds, List<String> missing) {}

    public record Agent(String agentId, String name, Figures figures) {}

    public record Day(LocalDate date, long requests, long responded, long missed, Stats firstResponse) {}
}
