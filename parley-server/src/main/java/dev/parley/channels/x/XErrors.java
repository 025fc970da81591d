package dev.parley.channels.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.GuardRefusals;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * X's failures mapped to what they mean for Parley, by HTTP status and X's problem {@code type}
 * (or a v1.1 error {@code code}), never by the wording (X's "Response codes and errors" page):
 * <ul>
 *   <li>401: the token expired or was revoked: re-connect (the core refreshes before it expires);</li>
 *   <li>403 {@code client-forbidden} / {@code unsupported-authentication}: the app or token lacks
 *       DM access (the API tier, a missing scope), which only the business can mend: re-connect;</li>
 *   <li>any other 403 (the recipient's DM settings, a block), and 404 (the account is gone):
 *       recipient unavailable;</li>
 *   <li>429 ({@code rate-limit-exceeded}, {@code usage-capped}): back off until
 *       {@code x-rate-limit-reset} (epoch seconds);</li>
 *   <li>5xx and a failed exchange: try again later; any other 4xx: refused as sent.</li>
 * </ul>
 */
final class XErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    XErrors(Clock clock) {
        this.clock = clock;
    }

    ChannelException of(OutboundClient.Response r) {
        String problem = problemType(r.body());
        String code = problem != null ? problem : "http_" + r.status();
        int s = r.status();
        if (s == 401) {
            return new ChannelException(ChannelError.RECONNECT_NEEDED, code, null, "X refused the business's token");
        }
        if (s == 403) {
            boolean appSide = "client-forbidden".equals(problem) || "unsupported-authentication".equals(problem);
            return appSide
                    ? new ChannelException(ChannelError.RECONNECT_NEEDED, code, null, "X says the app or token may not send DMs")
                    : new ChannelException(ChannelError.RECIPIENT_UNAVAILABLE, code, null, "X says this person cannot receive the message");
        }
        if (s == 404) {
            return new ChannelException(ChannelError.RECIPIENT_UNAVAILABLE, code, null, "X knows no such recipient");
        }
        if (s == 429) {
            return new ChannelException(ChannelError.RATE_LIMITED, code, retryAfter(r), "X asks to slow down");
        }
        if (s >= 500) {
            return new ChannelException(ChannelError.TEMPORARY, code, null, "X failed (" + s + ")");
        }
        return new ChannelException(ChannelError.REFUSED, code, null, "X refused the request (" + s + ")");
    }

    static ChannelException unreachable(IOException e) {
        GuardRefusals.warnIfRefused("x", e);
        return new ChannelException(ChannelError.TEMPORARY, "unreachable", null, "X could not be reached: " + e.getMessage());
    }

    /** How long until {@code x-rate-limit-reset}; null when X did not say (the core backs off on its own). */
    private Duration retryAfter(OutboundClient.Response r) {
        String reset = r.headers().get("x-rate-limit-reset");
        if (reset != null) {
            try {
                // In seconds, not Instants: a reset far in the future is a long wait (capped), not an exception.
                long seconds = Math.max(0, Long.parseLong(reset.trim()) - clock.instant().getEpochSecond());
                return Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String after = r.headers().get("retry-after");
        try {
            return after == null ? null : Duration.ofSeconds(Long.parseLong(after.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The last part of a v2 problem's {@code type} ({@code …/2/problems/client-forbidden} →
     * {@code client-forbidden}), else a v1.1 {@code errors[0].code} as {@code x_<code>}, else null.
     */
    static String problemType(byte[] body) {
        JsonNode n;
        try {
            n = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (n == null || !n.isObject()) {
            return null;
        }
        String type = XDeliveries.text(n, "type");
        JsonNode first = n.path("errors").path(0);
        if (type == null) {
            type = XDeliveries.text(first, "type");
        }
        if (type != null && type.contains("/problems/")) {
            return type.substring(type.lastIndexOf('/') + 1);
        }
        String code = XDeliveries.text(first, "code");
        return code == null ? null : "x_" + code;
    }
}
