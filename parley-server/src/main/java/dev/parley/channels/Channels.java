package dev.parley.channels;

import dev.parley.http.ApiException;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A business's channels as its settings show them: connect (the credentials checked and the
 * account subscribed through the connector), list with their state, disconnect, and the
 * HUMAN_AGENT approval the business declares. Tokens are stored, never shown.
 */
public final class Channels {
    /** A channel as the business's settings show it (no token). */
    public record View(String id, String network, String externalId, String name, String state, String stateDetail,
                       boolean humanAgentApproved, Instant connectedAt) {
        static View of(ChannelStore.Stored s) {
            return new View(s.account().id(), s.account().network().wire,
                    ChannelStore.networkId(s.account().externalId()), s.name(), s.state(),
                    s.stateDetail(), s.account().humanAgentApproved(), s.createdAt());
        }
    }

    /** What a business hands to connect an account: the network's id for it and its token. */
    public record Connect(String network, String externalId, String accessToken, String refreshToken) {}

    private final Database db;
    private final ChannelStore store;
    private final Map<Network, Connector> connectors;
    private final Clock clock;

    public Channels(Database db, ChannelStore store, Map<Network, Connector> connectors, Clock clock) {
        this.db = db;
        this.store = store;
        this.connectors = Map.copyOf(connectors);
        this.clock = clock;
    }

    public List<View> list(String businessId) {
        return store.ofBusiness(businessId).stream().map(View::of).toList();
    }

    /**
     * What a connect flow (or a business's POST) yields: the network's id for the account, its name
     * when known, and its tokens. {@code refreshToken} and {@code expiresAt} may be null;
     * {@code instagramLogin} when Instagram Login granted them (not a Facebook Page).
     */
    public record Credentials(Network network, String externalId, String name, String accessToken,
                              String refreshToken, Instant expiresAt, boolean instagramLogin) {
        public Credentials(Network network, String externalId, String name, String accessToken, String refreshToken,
                           Instant expiresAt) {
            this(network, externalId, name, accessToken, refreshToken, expiresAt, false);
        }
    }

    /**
     * Connects (or re-connects) an account. An account another business holds is refused with 409
     * {@code channel_taken}: its contacts are that business's.
     */
    public View connect(String businessId, Connect c) throws InterruptedException {
        Network network = Network.of(c.network()).filter(connectors::containsKey)
                .orElseThrow(() -> ApiException.validation("Field 'network' must be one of "
                        + connectors.keySet().stream().map(n -> n.wire).sorted().toList() + "."));
        String externalId = text(c.externalId(), "external_id", 128);
        if (externalId.contains("#")) {
            throw ApiException.validation("Field 'external_id' is the network's id of the account, which has no '#'.");
        }
        String token = text(c.accessToken(), "access_token", 4096);
        String refresh = c.refreshToken() == null ? null : text(c.refreshToken(), "refresh_token", 4096);
        return connect(businessId, new Credentials(network, externalId, null, token, refresh, null), true);
    }

    /**
     * Connects (or re-connects: same channel id, so its conversations stay) the account these
     * credentials are for. With {@code subscribe}, the connector checks the token and subscribes
     * the account to deliveries first; without, the caller has done so.
     */
    public View connect(String businessId, Credentials c, boolean subscribe) throws InterruptedException {
        Network network = c.network();
        if (!connectors.containsKey(network)) {
            throw ApiException.validation("This node does not serve " + network.wire + ".");
        }
        String externalId = c.externalId();
        Optional<ChannelStore.Stored> found = db.read(h -> store.byExternal(h, network, externalId));
        // One another business disconnected is free to take (a shop sold, an agency handing over): its
        // row and conversations stay that business's, released from the account id; this business
        // starts with its own contacts and none of the other's history.
        Optional<ChannelStore.Stored> released = found.filter(s -> !s.account().businessId().equals(businessId)
                && ChannelStore.Stored.DISCONNECTED.equals(s.state()));
        Optional<ChannelStore.Stored> existing = released.isPresent() ? Optional.empty() : found;
        if (existing.isPresent() && !existing.get().account().businessId().equals(businessId)) {
            throw new ApiException(409, "channel_taken", "Connected elsewhere",
                    "This " + network.wire + " account is connected to another business.");
        }
        String id = existing.map(s -> s.account().id()).orElseGet(() -> Ids.next('h'));
        boolean approved = existing.map(s -> s.account().humanAgentApproved()).orElse(false);
        ChannelAccount account = new ChannelAccount(id, businessId, network, externalId, c.accessToken(),
                c.refreshToken(), c.expiresAt(), approved, c.instagramLogin());
        Optional<String> name = Optional.ofNullable(c.name());
        if (subscribe) {
            try {
                name = connectors.get(network).subscribe(account).or(() -> Optional.ofNullable(c.name()));
            } catch (ChannelException e) {
                boolean refused = e.error == ChannelError.RECONNECT_NEEDED || e.error == ChannelError.REFUSED;
                throw new ApiException(refused ? 422 : 502, e.error.code,
                        "The network refused the connection", "The network answered: " + e.error.code + ".");
            }
        }
        Instant now = clock.instant();
        String named = name.orElse(existing.map(ChannelStore.Stored::name).orElse(null));
        try {
            db.writeVoid(h -> {
                if (released.isPresent() && !store.release(h, released.get().account().id())) {
                    throw new ApiException(409, "channel_taken", "Connected elsewhere",
                            "This " + network.wire + " account was connected again by the business that had it.");
                }
                if (existing.isPresent()) {
                    store.reconnect(h, id, named, c.accessToken(), c.refreshToken(), c.expiresAt(), c.instagramLogin(), now);
                } else {
                    store.insert(h, account, named, now);
                }
            });
        } catch (RuntimeException e) {
            if (db.dialect().isUniqueViolation(e)) {
                throw new ApiException(409, "channel_taken", "Connected elsewhere",
                        "This " + network.wire + " account was connected at the same moment; try again.");
            }
            throw e;
        }
        return View.of(store.byId(id).orElseThrow());
    }

    public void disconnect(String businessId, String channelId) {
        require(businessId, channelId);
        store.disconnect(channelId, clock.instant());
    }

    /** The business says its Meta app is (or is no longer) approved for the HUMAN_AGENT tag. */
    public View humanAgent(String businessId, String channelId, boolean approved) {
        ChannelStore.Stored s = require(businessId, channelId);
        if (s.account().network() == Network.X) {
            throw ApiException.validation("X has no reply window and no HUMAN_AGENT tag.");
        }
        store.setApproved(channelId, approved, clock.instant());
        return View.of(store.byId(channelId).orElseThrow());
    }

    /** Whether the channel is this business's. */
    public boolean owns(String businessId, String channelId) {
        return store.byId(channelId).map(s -> s.account().businessId().equals(businessId)).orElse(false);
    }

    ChannelStore.Stored require(String businessId, String channelId) {
        return store.byId(channelId).filter(s -> s.account().businessId().equals(businessId))
                .orElseThrow(() -> ApiException.notFound("channel"));
    }

    private static String text(String v, String field, int max) {
        if (v == null || v.isBlank() || v.length() > max || v.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
            throw ApiException.validation("Field '" + field + "' is required: 1 to " + max + " visible ASCII characters.");
        }
        return v;
    }
}
