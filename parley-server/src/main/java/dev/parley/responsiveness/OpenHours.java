package dev.parley.responsiveness;

import dev.parley.automation.BusinessHours;
import java.time.Duration;
import java.time.Instant;

/**
 * The time that counts toward a business's response times: the hours it is open, or every hour
 * when it has set none. A customer who writes on Saturday night to a shop that opens on Monday at
 * nine, answered at ten past nine, was answered in ten minutes.
 */
@FunctionalInterface
public interface OpenHours {

    /** How much counting time lies in {@code [from, to)}; zero when {@code to} is not after {@code from}. */
    Duration between(Instant from, Instant to);

    /** A business that set no hours: every hour counts. */
    OpenHours ALWAYS = (from, to) -> from.isBefore(to) ? Duration.between(from, to) : Duration.ZERO;

    static OpenHours of(BusinessHours hours) {
        return hours::openBetween;
    }
}
