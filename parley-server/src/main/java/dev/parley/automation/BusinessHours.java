package dev.parley.automation;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When a business is open: weekly hours in its time zone, minus holidays. Times are local to the
 * business, so an instant is judged by the business's clock, whatever the server's or the
 * customer's zone.
 *
 * @param weekly   for each day, the open spans (close after open; none: closed all day)
 * @param holidays days closed whatever the weekly hours say
 */
public record BusinessHours(ZoneId zone, Map<DayOfWeek, List<Span>> weekly, Set<LocalDate> holidays) {
    private static final int LOOK_BACK_DAYS = 14;

    /**
     * One open span of a day, e.g. 09:00 to 17:30.
     *
     * @param toMidnight the span runs to the end of the day ("24:00"; {@code close} is then 00:00):
     *                   a {@link LocalTime} stops at 23:59:59.999…, and a shop open round the clock
     *                   that had to write "23:59" was closed a minute each night (an away message a night)
     */
    public record Span(LocalTime open, LocalTime close, boolean toMidnight) {
        public Span {
            if (toMidnight ? !close.equals(LocalTime.MIDNIGHT) : !close.isAfter(open)) {
                throw new IllegalArgumentException("a span closes after it opens: " + open + "-" + close);
            }
        }

        public Span(LocalTime open, LocalTime close) {
            this(open, close, false);
        }

        /** Open from {@code open} to the end of the day. */
        public static Span untilMidnight(LocalTime open) {
            return new Span(open, LocalTime.MIDNIGHT, true);
        }

        boolean contains(LocalTime t) {
            return !t.isBefore(open) && (toMidnight || t.isBefore(close));
        }

        /** Whether the two share a moment (touching ends, 12:00 and 12:00, do not). */
        boolean overlaps(Span o) {
            return open.isBefore(o.endOfDayOr()) && o.open.isBefore(endOfDayOr());
        }

        /** The close as a time to compare with: the day's last instant for a span to midnight. */
        private LocalTime endOfDayOr() {
            return toMidnight ? LocalTime.MAX : close;
        }

        Instant opensOn(LocalDate day, ZoneId zone) {
            return day.atTime(open).atZone(zone).toInstant();
        }

        Instant closesOn(LocalDate day, ZoneId zone) {
            return toMidnight ? day.plusDays(1).atStartOfDay(zone).toInstant() : day.atTime(close).atZone(zone).toInstant();
        }
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        return spansOn(local.toLocalDate()).stream().anyMatch(s -> s.contains(local.toLocalTime()));
    }

    /**
     * When the closed period that {@code at} falls in began (the last closing time before it), or
     * empty when open; a period with no opening in the last two weeks is dated by its first day
     * looked at. The away message is sent once per conversation per such period.
     */
    public Optional<Instant> closedSince(Instant at) {
        if (isOpen(at)) {
            return Optional.empty();
        }
        ZonedDateTime local = at.atZone(zone);
        for (int back = 0; back <= LOOK_BACK_DAYS; back++) {
            LocalDate day = local.toLocalDate().minusDays(back);
            List<Span> spans = spansOn(day);
            for (int i = spans.size() - 1; i >= 0; i--) {
                Instant closed = spans.get(i).closesOn(day, zone);
                if (!closed.isAfter(at)) {
                    return Optional.of(closed);
                }
            }
        }
        return Optional.of(local.toLocalDate().minusDays(LOOK_BACK_DAYS).atStartOfDay(zone).toInstant());
    }

    /**
     * How long the business was open between two instants: the overlap of {@code [from, to)} with
     * its open spans, each span placed on the business's clock (so a day that loses an hour to
     * daylight saving counts one hour less). Response times count only this time.
     */
    public Duration openBetween(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return Duration.ZERO;
        }
        long ms = 0;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (Span s : spansOn(day)) {
                Instant open = s.opensOn(day, zone);
                Instant close = s.closesOn(day, zone);
                Instant a = open.isAfter(from) ? open : from;
                Instant b = close.isBefore(to) ? close : to;
                if (a.isBefore(b)) {
                    ms += b.toEpochMilli() - a.toEpochMilli();
                }
            }
        }
        return Duration.ofMillis(ms);
    }

    private List<Span> spansOn(LocalDate day) {
        if (holidays.contains(day)) {
            return List.of();
        }
        return weekly.getOrDefault(day.getDayOfWeek(), List.of());
    }
}
