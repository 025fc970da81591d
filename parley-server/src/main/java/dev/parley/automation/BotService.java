package dev.parley.automation;

import dev.parley.http.ApiException;
import dev.parley.http.Authenticator;
import dev.parley.http.Principal;
import dev.parley.event.EventStore;
import dev.parley.outbound.OutboundClient;
import dev.parley.store.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * External bots: a business registers one with a webhook URL; it gets a signing secret and a bot
 * token (both shown once). The token authenticates the bot as its business, and what it sends
 * counts as automated, under the same rules as agents.
 */
public final class BotService implements Authenticator {
    public static final String TOKEN_PREFIX = "pbt_";

    private final BotStore store;
    private final EventStore events;
    private final OutboundClient targets;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;

    public BotService(BotStore store, EventStore events, OutboundClient targets, WebhookDispatcher dispatcher, Clock clock) {
        this.store = store;
        this.events = events;
        this.targets = targets;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** A new bot, as its registration answers it: the only time the token and secret are shown. */
    public record Registered(BotView bot, String token, String secret) {}

    public record BotView(String id, String name, String url, java.time.Instant createdAt) {
        static BotView of(BotStore.Bot b) {
            return new BotView(b.id(), b.name(), b.url(), b.createdAt());
        }
    }

    public Registered register(String businessId, String name, String url) {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw ApiException.validation("Field 'name' is required: 1 to 64 characters.");
        }
        if (url == null) {
            throw ApiException.validation("Field 'url' is required: where the webhooks go.");
        }
        targets.validate(url);
        String token = TOKEN_PREFIX + Ids.unguessable(32);
        String secret = "whsec_" + Ids.unguessable(24);
        // Delivery starts with what happens from now on.
        BotStore.Bot bot = new BotStore.Bot(Ids.next('b'), businessId, name.strip(), url, secret,
                events.current(businessId), clock.instant());
        store.insert(bot, sha256(token));
        dispatcher.refresh();
        return new Registered(BotView.of(bot), token, secret);
    }

    public List<BotView> list(String businessId) {
        return store.ofBusiness(businessId).stream().map(BotView::of).toList();
    }

    public void delete(String businessId, String botId) {
        if (!store.delete(botId, businessId)) {
            throw ApiException.notFound("bot");
        }
        dispatcher.refresh();
    }

    public List<BotStore.LogEntry> deliveries(String businessId, String botId, int limit) {
        boolean mine = store.ofBusiness(businessId).stream().anyMatch(b -> b.id().equals(botId));
        if (!mine) {
            throw ApiException.notFound("bot");
        }
        return store.log(botId, limit);
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (!token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        String hash = sha256(token);
        return store.businessOfToken(hash).map(business -> new Principal(business, hash, false, true));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
