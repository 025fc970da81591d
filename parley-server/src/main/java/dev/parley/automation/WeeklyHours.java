package dev.parley.automation;

import dev.parley.http.ApiException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The away message's opening hours as a request gives them ({@code {"mon": [["09:00","17:00"]], …}})
 * and as they are stored: day keys in one spelling, a request merged into the hours in force day
 * by day, and spans checked before anything is written.
 */
final class WeeklyHours {
    /** An end time that means the end of the day: {@link LocalTime} has none, so it is read apart. */
    static final String MIDNIGHT = "24:00";
    private static final String FIELD = "away_message.hours";

    private WeeklyHours() {}

    /**
     * The hours in force with a request's days laid over them: a day sent replaces that day's spans
     * ({@code []}: closed all day), {@code null} takes the day out (no hours: closed, as a day never
     * set), a day left out keeps its spans. The whole week used to be replaced, so adding Saturday
     * closed the shop Monday to Friday and every customer got the away message.
     */
    static Map<String, List<List<String>>> over(Map<String, List<List<String>>> now,
                                                Map<String, List<List<String>>> sent) {
        Map<String, List<List<String>>> out = normalised(now, false);
        normalised(sent, true).forEach((day, spans) -> {
            if (spans == null) {
                out.remove(day);
            } else {
                out.put(day, spans);
            }
        });
        return out;
    }

    /**
     * Day keys in their three-letter lower-case form ("MON", "Monday" → "mon"), so one day has one
     * entry: "MON" was stored beside "mon" and one of them silently won. An unknown key is kept as
     * sent, for {@link #parse} to refuse by name.
     *
     * @param strict a request naming one day twice is refused; hours stored before this rule keep
     *               the last, as they were read
     */
    private static Map<String, List<List<String>>> normalised(Map<String, List<List<String>>> hours, boolean strict) {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        if (hours == null) {
            return out;
        }
        for (Map.Entry<String, List<List<String>>> e : hours.entrySet()) {
            String key = dayOf(e.getKey()).map(WeeklyHours::key).orElse(e.getKey());
            if (strict && out.containsKey(key)) {
                throw ApiException.validation("'" + FIELD + "' names " + key + " twice (" + e.getKey()
                        + "); give each day once.");
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    /** The week, parsed: 422 naming the day for an unknown day, a bad time, or spans that overlap. */
    static Map<DayOfWeek, List<BusinessHours.Span>> parse(Map<String, List<List<String>>> hours) {
        Map<DayOfWeek, List<BusinessHours.Span>> weekly = new EnumMap<>(DayOfWeek.class);
        if (hours == null) {
            return weekly;
        }
        for (Map.Entry<String, List<List<String>>> e : hours.entrySet()) {
            DayOfWeek day = dayOf(e.getKey()).orElseThrow(() -> ApiException.validation("'" + FIELD
                    + "' has days mon, tue, wed, thu, fri, sat, sun; not " + e.getKey() + "."));
            List<BusinessHours.Span> spans = new ArrayList<>();
            for (List<String> span : e.getValue() == null ? List.<List<String>>of() : e.getValue()) {
                BusinessHours.Span s = span(e.getKey(), span);
                for (BusinessHours.Span other : spans) {
                    if (other.overlaps(s)) {
                        throw ApiException.validation("Spans of '" + FIELD + "' for " + e.getKey() + " overlap: "
                                + shown(other) + " and " + shown(s) + " (join them into one span).");
                    }
                }
                spans.add(s);
            }
            weekly.put(day, spans);
        }
        return weekly;
    }

    private static BusinessHours.Span span(String day, List<String> span) {
        if (span == null || span.size() != 2 || span.get(0) == null || span.get(1) == null) {
            throw ApiException.validation("Each span of '" + FIELD + "' is [\"09:00\", \"17:00\"].");
        }
        try {
            LocalTime open = LocalTime.parse(span.get(0));
            if (MIDNIGHT.equals(span.get(1))) {
                return BusinessHours.Span.untilMidnight(open);
            }
            return new BusinessHours.Span(open, LocalTime.parse(span.get(1)));
        } catch (DateTimeParseException | IllegalArgumentException ex) {
            throw ApiException.validation("Bad span in '" + FIELD + "' for " + day + ": " + span
                    + " (times are HH:MM and close after open; a span to midnight ends at \"24:00\").");
        }
    }

    private static String shown(BusinessHours.Span s) {
        return s.open() + "–" + (s.toMidnight() ? MIDNIGHT : s.close().toString());
    }

    /** "mon", "MON", "Monday", "tues": a day named by at least its first three letters. */
    private static java.util.Optional<DayOfWeek> dayOf(String key) {
        if (key == null || key.length() < 3) {
            return java.util.Optional.empty();
        }
        String k = key.toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).startsWith(k)) {
                return java.util.Optional.of(d);
            }
        }
        return java.util.Optional.empty();
    }

    private static String key(DayOfWeek d) {
        return d.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    /** Holidays as ISO dates, each once, in the order given ("2026-12-25" twice was kept twice). */
    static List<String> holidays(List<String> given) {
        Set<String> out = new LinkedHashSet<>();
        for (String h : given == null ? List.<String>of() : given) {
            out.add(holiday(h).toString());
        }
        return List.copyOf(out);
    }

    static Set<LocalDate> holidayDates(List<String> given) {
        Set<LocalDate> out = new LinkedHashSet<>();
        for (String h : given == null ? List.<String>of() : given) {
            out.add(holiday(h));
        }
        return out;
    }

    private static LocalDate holiday(String h) {
        try {
            return LocalDate.parse(h == null ? "" : h);
        } catch (DateTimeParseException e) {
            throw ApiException.validation("'away_message.holidays' holds dates like 2026-12-25, not " + h + ".");
        }
    }

    static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone == null ? "UTC" : timeZone);
        } catch (java.time.DateTimeException e) {
            throw ApiException.validation("'away_message.time_zone' is not a time zone: " + timeZone
                    + " (use e.g. Europe/Berlin or America/New_York).");
        }
    }
}
