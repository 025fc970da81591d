package dev.parley.channels;

import dev.parley.http.ApiException;
import dev.parley.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET|POST /api/v1/channels/{network}/webhook}: the networks' deliveries. A GET answers the
 * network's handshake. A POST is verified over its raw bytes by the connector before anything
 * reads it (no secret configured: every delivery is refused, never let through); a verified one
 * is stored on the durable queue and answered 200 at once, and a worker parses it off the request
 * thread.
 */
final class WebhookRoutes implements Routes {
    static final String PATH = "/api/v1/channels/{network}/webhook";

    private final Map<Network, Connector> connectors;
    private final ChannelQueues queues;
    private final Runnable nudge;
    private final Clock clock;

    WebhookRoutes(Map<Network, Connector> connectors, ChannelQueues queues, Runnable nudge, Clock clock) {
        this.connectors = Map.copyOf(connectors);
        this.queues = queues;
        this.nudge = nudge;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig r) {
        r.get(PATH, ctx -> {
            Connector c = connector(ctx);
            Map<String, String> query = new HashMap<>();
            ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
            Optional<Connector.Handshake> answer = c.handshake(query);
            if (answer.isEmpty()) {
                throw ApiException.forbidden("channel_handshake_refused", c.handshakeRefusal(query).orElse("Handshake refused."));
            }
            ctx.status(200).contentType(answer.get().contentType()).result(answer.get().body());
        });
        r.post(PATH, ctx -> {
            Connector c = connector(ctx);
            byte[] raw = ctx.bodyAsBytes();
            if (!c.verify(raw, ctx::header)) {
                throw new ApiException(401, "channel_signature_invalid", "Delivery not verified",
                        "The delivery's signature is missing or does not match (or no secret is configured).");
            }
            queues.receive(c.network(), new String(raw, StandardCharsets.UTF_8), orderKey(c, raw), clock.instant());
            nudge.run();
            ctx.status(200).contentType("text/plain").result("EVENT_RECEIVED");
        });
    }

    /**
     * The business account a delivery is for, so its deliveries are worked in order: the first
     * event's (a delivery the networks batch for several accounts is ordered with the first);
     * '' when it holds none or cannot be read (the worker drops it).
     */
    private static String orderKey(Connector c, byte[] raw) {
        try {
            return c.parse(raw).stream().map(Inbound::accountExternalId).filter(java.util.Objects::nonNull)
                    .findFirst().orElse("");
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private Connector connector(Context ctx) {
        return Network.of(ctx.pathParam("network")).map(connectors::get)
                .orElseThrow(() -> ApiException.notFound("channel network"));
    }
}
