package dev.parley.safety;

import java.time.Duration;
import java.time.Instant;

/** The limits on message requests: who counts as new, how many requests a new account may open, how often one text may repeat, how many declines pause requests. */
record RequestLimits(Duration newAccountAge, int newAccountPerHour, int duplicatesPerHour, int refusedPerDay) {
    static final RequestLimits DEFAULTS = new RequestLimits(Duration.ofDays(1), 10, 5, 10);

    boolean isNew(Instant createdAt, Instant now) {
        return createdAt != null && createdAt.plus(newAccountAge).isAfter(now);
    }
}
