package dev.parley.responsiveness;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Works out a business's response figures from its customers' requests. Pure: the same requests
 * give the same report, which is what lets a test check each figure against one worked out by hand.
 */
public final class Responsiveness {
    public static final Duration BADGE_WINDOW = Duration.ofDays(7);
    /** The badge's thresholds: at least 9 of 10 requests answered in time, a median of 15 minutes or less. */
    static final int BADGE_RATE_NUMERATOR = 9;
    static final int BADGE_RATE_DENOMINATOR = 10;
    public static final Duration BADGE_MAX_RESPONSE = Duration.ofMinutes(15);
    private static final long[] BUCKETS = {5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60, 24 * 60 * 60};
    private static final String[] BUCKET_LABELS = {"≤ 5 min", "≤ 15 min", "≤ 1 h", "≤ 4 h", "≤ 24 h", "> 24 h"};

    private Responsiveness() {}

    /**
     * @param requests every request of the business's conversations that may fall in the period
     *                 or the badge's window, judged at {@code now}
     * @param agents   the business's agents, id to name, in the order the table lists them; anyone
     *                 else who answered (a former agent) is listed after them
     * @param names    names of former agents, where still known
     */
    public static Report report(String businessId, Instant from, Instant to, ZoneId zone, boolean businessHours,
                                List<CustomerRequest> requests, Map<String, String> agents, Map<String, String> names,
                                Report.Satisfaction satisfaction, Instant now) {
        List<CustomerRequest> inPeriod = requests.stream().filter(r -> within(r.startedAt(), from, to)).toList();
        List<CustomerRequest> counted = inPeriod.stream().filter(CustomerRequest::counted).toList();
        List<CustomerRequest> complaints = only(counted, CustomerRequest::complaint);
        double days = Math.max(1, Duration.between(from, to).toMillis()) / 86_400_000.0;
        Report.Excluded excluded = new Report.Excluded(
                inPeriod.stream().filter(r -> r.excluded() == Timeline.Exclusion.SPAM).count(),
                inPeriod.stream().filter(r -> r.excluded() == Timeline.Exclusion.BLOCKED).count());
        return new Report(businessId, from, to, zone.getId(), businessHours,
                figures(counted, counted, days),
                figures(complaints, complaints, days),
                excluded,
                badge(requests, now),
                agentTable(counted, agents, names, days), daily(counted, from, to, zone), distribution(counted),
                hourOfWeek(counted, zone), satisfaction);
    }

    /** @param owned the requests whose response counts; @param resolvedFrom those whose resolution does */
    static Report.Figures figures(List<CustomerRequest> owned, List<CustomerRequest> resolvedFrom, double days) {
        long responded = count(owned, CustomerRequest.Outcome.RESPONDED);
        long missed = count(owned, CustomerRequest.Outcome.MISSED);
        long awaiting = count(owned, CustomerRequest.Outcome.AWAITING);
        List<Duration> responses = owned.stream().map(CustomerRequest::responseTime).filter(Objects::nonNull).toList();
        List<Duration> resolutions = resolvedFrom.stream().map(CustomerRequest::resolutionTime)
                .filter(Objects::nonNull).toList();
        return new Report.Figures(owned.size(), Math.round(owned.size() / days * 100) / 100.0, responded, missed,
                awaiting, rate(responded, missed), Stats.of(responses), resolutions.size(), Stats.of(resolutions));
    }

    /** The badge judged at {@code now}, from the requests (spam and blocked ones are left out) of the last 7 days. */
    public static Report.Badge badge(List<CustomerRequest> requests, Instant now) {
        List<CustomerRequest> lastWeek = requests.stream().filter(CustomerRequest::counted)
                .filter(r -> within(r.startedAt(), now.minus(BADGE_WINDOW), now)).toList();
        long responded = count(lastWeek, CustomerRequest.Outcome.RESPONDED);
        long missed = count(lastWeek, CustomerRequest.Outcome.MISSED);
        Stats response = Stats.of(lastWeek.stream().map(CustomerRequest::responseTime).filter(Objects::nonNull).toList());
        List<String> missing = new ArrayList<>();
        long decided = responded + missed;
        if (decided == 0) {
            missing.add("No customer request in the last 7 days has been answered or gone unanswered for 24 hours "
                    + "yet: there is nothing to judge by.");
        } else if (responded * BADGE_RATE_DENOMINATOR < decided * BADGE_RATE_NUMERATOR) {
            long more = (decided * BADGE_RATE_NUMERATOR + BADGE_RATE_DENOMINATOR - 1) / BADGE_RATE_DENOMINATOR - responded;
            missing.add("Response rate is " + percent(responded, decided) + " (" + responded + " of " + decided
                    + " requests answered within 24 hours); it needs to be at least 90%, so " + more + " more of them "
                    + "answered in time.");
        }
        if (response.p50Seconds() != null && response.p50Seconds() > BADGE_MAX_RESPONSE.toSeconds()) {
            missing.add("Median first response is " + words(response.p50Seconds()) + "; it needs to be at most 15 min.");
        }
        return new Report.Badge(missing.isEmpty(), now.minus(BADGE_WINDOW), now, lastWeek.size(), rate(responded, missed),
                response.p50Seconds(), (double) BADGE_RATE_NUMERATOR / BADGE_RATE_DENOMINATOR,
                BADGE_MAX_RESPONSE.toSeconds(), missing);
    }

    private static List<Report.AgentFigures> agentTable(List<CustomerRequest> counted, Map<String, String> agents,
                                                        Map<String, String> names, double days) {
        Map<String, String> listed = new LinkedHashMap<>(agents);
        counted.stream().map(CustomerRequest::ownerId).filter(Objects::nonNull)
                .forEach(id -> listed.putIfAbsent(id, names.get(id)));
        counted.stream().map(CustomerRequest::resolverId).filter(Objects::nonNull)
                .forEach(id -> listed.putIfAbsent(id, names.get(id)));
        List<Report.AgentFigures> out = new ArrayList<>();
        listed.forEach((id, name) -> out.add(new Report.AgentFigures(id, name,
                figures(only(counted, r -> id.equals(r.ownerId())), only(counted, r -> id.equals(r.resolverId())), days))));
        return out;
    }

    private static List<Report.Day> daily(List<CustomerRequest> counted, Instant from, Instant to, ZoneId zone) {
        List<Report.Day> out = new ArrayList<>();
        LocalDate last = to.minusMillis(1).atZone(zone).toLocalDate();
        for (LocalDate d = from.atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            LocalDate day = d;
            List<CustomerRequest> that = only(counted, r -> r.startedAt().atZone(zone).toLocalDate().equals(day));
            out.add(new Report.Day(day, that.size(), count(that, CustomerRequest.Outcome.RESPONDED),
                    count(that, CustomerRequest.Outcome.MISSED),
                    Stats.of(that.stream().map(CustomerRequest::responseTime).filter(Objects::nonNull).toList())));
        }
        return out;
    }

    private static List<Report.Bucket> distribution(List<CustomerRequest> counted) {
        long[] counts = new long[BUCKETS.length + 1];
        for (CustomerRequest r : counted) {
            if (r.responseTime() == null) {
                continue;
            }
            long ms = r.responseTime().toMillis();
            int i = 0;
            while (i < BUCKETS.length && ms > BUCKETS[i] * 1000) {
                i++;
            }
            counts[i]++;
        }
        List<Report.Bucket> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            out.add(new Report.Bucket(BUCKET_LABELS[i], i < BUCKETS.length ? BUCKETS[i] : null, counts[i]));
        }
        return out;
    }

    private static List<List<Long>> hourOfWeek(List<CustomerRequest> counted, ZoneId zone) {
        long[][] grid = new long[7][24];
        for (CustomerRequest r : counted) {
            ZonedDateTime local = r.startedAt().atZone(zone);
            grid[local.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()][local.getHour()]++;
        }
        List<List<Long>> out = new ArrayList<>();
        for (long[] day : grid) {
            out.add(java.util.Arrays.stream(day).boxed().toList());
        }
        return out;
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    private static List<CustomerRequest> only(List<CustomerRequest> rs, Predicate<CustomerRequest> p) {
        return rs.stream().filter(p).toList();
    }

    private static long count(List<CustomerRequest> rs, CustomerRequest.Outcome o) {
        return rs.stream().filter(r -> r.outcome() == o).count();
    }

    private static Double rate(long responded, long missed) {
        return responded + missed == 0 ? null : Math.round(responded * 10_000.0 / (responded + missed)) / 10_000.0;
    }

    private static String percent(long part, long whole) {
        long tenths = Math.round(part * 1000.0 / whole);
        return (tenths % 10 == 0 ? String.valueOf(tenths / 10) : tenths / 10 + "." + tenths % 10) + "%";
    }

    /** 45 s, 15 min, 15 min 1 s, 1 h 5 min: how a person says a duration, exact where it matters. */
    static String words(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        long min = s / 60;
        return min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
    }
}
