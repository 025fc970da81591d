package dev.parley.responsiveness;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * How fast a business answered its customers over a period: what {@code GET …/metrics} returns.
 * Requests count in the period in which they started.
 *
 * @param businessHours whether the business set opening hours (else every hour counts)
 * @param excluded      spam and blocked conversations' requests, left out of every other figure
 * @param byHourOfWeek  requests started, 7 rows (Monday first) of 24 hours, on the business's clock
 * @param satisfaction  customers' ratings given in the period
 */
public record Report(String businessId, Instant from, Instant to, String timeZone, boolean businessHours,
                     Figures summary, Figures complaints, Excluded excluded, Badge badge, List<AgentFigures> agents,
                     List<Day> days, List<Bucket> distribution, List<List<Long>> byHourOfWeek,
                     Satisfaction satisfaction) {

    /**
     * Customers' answers to the rating question given in the period.
     *
     * @param average      of the scores, to two places; null when there is none
     * @param distribution how many gave each score, 1 to 5 in order
     * @param agents       the same per agent the rated conversations were assigned to (else who resolved them)
     */
    public record Satisfaction(long count, Double average, List<Long> distribution, List<AgentSatisfaction> agents) {}

    /** @param name null for someone who is no longer an account */
    public record AgentSatisfaction(String agentId, String name, long count, Double average, List<Long> distribution) {}

    /**
     * @param requests     customers' requests started in the period
     * @param perDay       requests per day of the period
     * @param responseRate responded ÷ (responded + missed); awaiting ones are not decided yet
     */
    public record Figures(long requests, double perDay, long responded, long missed, long awaiting,
                          Double responseRate, Stats firstResponse, long resolved, Stats resolution) {}

    public record Excluded(long spam, long blocked) {}

    /** @param name null for someone who is no longer an account */
    public record AgentFigures(String agentId, String name, Figures figures) {}

    public record Day(LocalDate date, long requests, long responded, long missed, Stats firstResponse) {}

    /** First responses up to {@code upToSeconds} (null: the rest) and above the bucket before. */
    public record Bucket(String label, Long upToSeconds, long count) {}

    /**
     * "Very responsive": over the 7 days before {@code to}, a response rate of at least 90% and a
     * median first response of at most 15 minutes.
     *
     * @param missing what keeps it from being earned, in words a business can act on
     */
    public record Badge(boolean earned, Instant from, Instant to, long requests, Double responseRate,
                        Double firstResponseP50Seconds, double minResponseRate, long maxFirstResponseSeconds,
                        List<String> missing) {}
}
