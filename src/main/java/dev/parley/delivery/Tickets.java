package dev.parley.delivery;

import dev.parley.http.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use stream tickets: browsers cannot set headers on a WebSocket, so they trade their token
 * for a ticket that works once, within 60 s, as {@code ?ticket=}.
 */
public final class Tickets {
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    private record Issued(Principal principal, Instant expires) {}

    public record Ticket(String ticket, Instant expiresAt) {}

    public Tickets(Clock clock) {
        this.clock = clock;
    }

    public Ticket issue(Principal p) {
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = clock.instant().plus(LIFETIME);
        issued.put(t, new Issued(p, expires));
        if (issued.size() > 10_000) {
            Instant now = clock.instant();
            issued.values().removeIf(i -> i.expires().isBefore(now));
        }
        return new Ticket(t, expires);
    }

    /** The ticket's owner, once; a used, unknown or expired ticket gives nothing. */
    public Optional<Principal> redeem(String ticket) {
        Issued i = issued.remove(ticket);
        if (i == null || i.expires().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(i.principal());
    }
}
