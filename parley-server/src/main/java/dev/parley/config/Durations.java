package dev.parley.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the durations operators write in settings: ISO-8601 ({@code PT15M}), a number with a unit
 * ({@code 500ms}, {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}), or {@code none} for "no limit".
 */
public final class Durations {
    private Durations() {}

    /** @return empty for {@code none}/{@code unlimited}; throws IllegalArgumentException otherwise. */
    public static Optional<Duration> parseOptional(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none") || t.equals("unlimited")) {
            return Optional.empty();
        }
        return Optional.of(parse(t));
    }

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return requireNonNegative(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration: " + text);
            }
        }
        if (t.length() < 2) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        if (t.endsWith("ms")) {
            try {
                return requireNonNegative(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))), text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 500ms, 90s, 15m, 24h, 7d)");
            }
        }
        char unit = t.charAt(t.length() - 1);
        long amount;
        try {
            amount = Long.parseLong(t.substring(0, t.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 90s, 15m, 24h, 7d)");
        }
        Duration d = switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("not a duration: " + text + " (use e.g. 90s, 15m, 24h, 7d)");
        };
        return requireNonNegative(d, text);
    }

    private static Duration requireNonNegative(Duration d, String text) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + text);
        }
        return d;
    }

    public static String format(Duration d) {
        return d.toString();
    }

    /**
     * A duration for people, in the largest unit that holds it whole ("2 days", "1 hour", "15 minutes",
     * "90 seconds"): a window set in seconds is told in seconds, not rounded down to "0 minutes". A
     * part of a second is rounded up, so a window is never told as shorter than it is.
     */
    public static String spoken(Duration d) {
        long seconds = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
        if (seconds > 0 && seconds % 86_400 == 0) {
            return count(seconds / 86_400, "day");
        }
        if (seconds > 0 && seconds % 3_600 == 0) {
            return count(seconds / 3_600, "hour");
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return count(seconds / 60, "minute");
        }
        return count(seconds, "second");
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
