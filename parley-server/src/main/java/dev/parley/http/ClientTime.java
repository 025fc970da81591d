package dev.parley.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A time a client sent, held to years 1970 to 9999. ISO-8601 admits years up to ±999,999,999,
 * and an {@link Instant} that far out overflows {@code toEpochMilli} (every store keeps times as
 * epoch milliseconds) or {@code plus}: without this bound a well-formed time answered 500. Every
 * route that takes a time from a client passes it through here, at the edge, before any
 * arithmetic on it.
 */
public final class ClientTime {
    /** No time a client names means anything before the epoch: stores keep millis since it. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** Far enough for "muted for good" typed as a date; well inside what epoch millis hold. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private ClientTime() {}

    /**
     * An ISO-8601 time with an offset ({@code 2026-12-24T18:00:00Z}, {@code …+01:00}) in field
     * {@code field}, or 422 {@code validation_failed} naming the field: not such a time, or out
     * of range.
     */
    public static Instant parse(String field, String text) {
        return parse(field, text, "Field '" + field + "' must be an ISO-8601 time with an offset, "
                + "such as 2026-12-24T18:00:00Z.");
    }

    /** As {@link #parse(String, String)}, with the route's own words for a text that is no time. */
    public static Instant parse(String field, String text, String unreadable) {
        Instant at;
        try {
            at = OffsetDateTime.parse(text == null ? "" : text).toInstant();
        } catch (DateTimeException e) { // a DateTimeParseException too
            throw ApiException.validation(unreadable);
        }
        return check(field, at);
    }

    /**
     * A date a client sent, held to the same years. Checked as a date, not as the instant it starts
     * or ends on someone's clock: "to=9999-12-31" takes in its whole day, which ends in the year
     * 10000, and was refused as "not a time in the years 1970 to 9999".
     */
    public static java.time.LocalDate check(String field, java.time.LocalDate d) {
        if (d.getYear() < 1970 || d.getYear() > 9999) {
            throw ApiException.validation("Field '" + field + "' must be a date in the years 1970 to 9999.");
        }
        return d;
    }

    /** {@code at} as it is when it lies in years 1970 to 9999 (or is null); else 422 naming the field. */
    public static Instant check(String field, Instant at) {
        if (at != null && (at.isBefore(EARLIEST) || at.isAfter(LATEST))) {
            throw ApiException.validation("Field '" + field + "' must be a time in the years 1970 to 9999.");
        }
        return at;
    }
}
