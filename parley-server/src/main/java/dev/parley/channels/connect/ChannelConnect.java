package dev.parley.channels.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.channels.ChannelException;
import dev.parley.channels.Channels;
import dev.parley.channels.Network;
import dev.parley.channels.OAuthForms;
import dev.parley.http.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connecting a business's channel from its settings: {@link #start} stores a single-use
 * {@code state} bound to the business, the person and the PKCE verifier and answers where to send
 * the owner; the network sends the browser back to {@link #callback}, which takes that state,
 * exchanges the code and stores the channel (the same channel when it is a re-connect, so its
 * conversations stay), and answers where in the web client the owner lands with the outcome.
 * Several Pages become a choice the owner answers with {@link #choose}.
 *
 * @implNote Outcomes are codes in the web client's address ({@code #/channels?outcome=…}), never a
 * token, a stack trace or the network's text. A state is stored as its SHA-256 only, and is taken
 * (deleted) before the code is exchanged, so a replayed or raced callback finds nothing.
 */
public final class ChannelConnect {
    static final Duration TTL = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(ChannelConnect.class);

    /**
     * A network's connect button: whether the operator set it up, and if not, what to set; and a
     * step the operator still does by hand for each account (null when none).
     */
    public record Availability(String network, boolean configured, String missing, String manualStep) {}

    /** A Page offered to pick (its token stays on the server). */
    public record Option(String id, String name) {}

    /** What the owner picks from: the network and its accounts. */
    public record Choice(String network, List<Option> accounts) {}

    /** A Page in a stored choice, with its token. */
    record Held(String id, String name, String token) {}

    private final ConnectStore store;
    private final Map<Network, Flow> flows;
    private final Channels channels;
    private final BiPredicate<String, String> mayManage;
    private final String publicUrl;
    private final Clock clock;

    ChannelConnect(ConnectStore store, Map<Network, Flow> flows, Channels channels,
                   BiPredicate<String, String> mayManage, String publicUrl, Clock clock) {
        this.store = store;
        this.flows = Map.copyOf(flows);
        this.channels = channels;
        this.mayManage = mayManage;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    public List<Availability> availability() {
        return flows.values().stream().sorted((a, b) -> a.network().compareTo(b.network()))
                .map(f -> new Availability(f.network().wire, f.missing().isEmpty(), f.missing().orElse(null),
                        f.manualStep().orElse(null))).toList();
    }

    /**
     * The network's authorize URL for this business and person.
     *
     * @param origin the address the request named, used when {@code public_url} is not set
     */
    public String start(String businessId, String personId, String networkName, String origin) {
        Flow flow = flow(networkName);
        flow.missing().ifPresent(m -> {
            throw new ApiException(409, "channel_not_configured", "The network is not set up on this server",
                    "The server's operator must set " + m + " before a business can connect " + flow.network().wire + ".");
        });
        String base = publicUrl.isEmpty() ? origin : publicUrl;
        String redirect = base + "/api/v1/channels/" + flow.network().wire + "/oauth/callback";
        Flow.Start s = flow.start(redirect);
        Instant now = clock.instant();
        store.put(new ConnectStore.Pending(hash(s.state()), ConnectStore.STATE, businessId, personId,
                flow.network().wire, redirect, s.verifier(), null, now.plus(TTL)), now);
        return s.url();
    }

    /** The network sent the browser back: the web client's address to redirect to, with the outcome. */
    public String callback(String networkName, Map<String, String> query) throws InterruptedException {
        Optional<Network> network = Network.of(networkName).filter(flows::containsKey);
        String state = query.get("state");
        Optional<ConnectStore.Pending> p = network.isEmpty() || state == null || state.length() > 512 ? Optional.empty()
                : store.take(hash(state), ConnectStore.STATE, clock.instant());
        if (p.isEmpty() || !p.get().network().equals(network.get().wire)) {
            return landing(null, networkName, "state_invalid", null);
        }
        ConnectStore.Pending pending = p.get();
        String wire = pending.network();
        if (query.containsKey("error") || query.get("code") == null || query.get("code").isBlank()) {
            return landing(pending.businessId(), wire, "denied", null); // access_denied, or the owner cancelled
        }
        if (!mayManage.test(pending.businessId(), pending.personId())) {
            return landing(pending.businessId(), wire, "not_a_manager", null); // removed from the team meanwhile
        }
        Flow flow = flows.get(network.get());
        List<Channels.Credentials> granted;
        try {
            granted = flow.finish(query.get("code"), pending.redirectUri(), pending.verifier());
        } catch (ChannelException e) {
            LOG.info("channel connect: {} refused at {} ({})", wire, e.getMessage(), e.networkCode);
            return landing(pending.businessId(), wire, "exchange_failed", null);
        }
        if (granted.isEmpty()) {
            return landing(pending.businessId(), wire, "no_accounts", null);
        }
        if (granted.size() > 1) {
            String choice = OAuthForms.randomToken();
            Instant now = clock.instant();
            store.put(new ConnectStore.Pending(hash(choice), ConnectStore.CHOICE, pending.businessId(),
                    pending.personId(), wire, pending.redirectUri(), null, json(granted), now.plus(TTL)), now);
            return landing(pending.businessId(), wire, "choose", choice);
        }
        return landing(pending.businessId(), wire, store(pending.businessId(), flow, granted.get(0)), null);
    }

    /** The accounts of a choice this person may answer; 404 otherwise. */
    public Choice choice(String businessId, String personId, String choiceId) {
        ConnectStore.Pending p = store.peek(hash(choiceId), ConnectStore.CHOICE, clock.instant())
                .filter(x -> x.businessId().equals(businessId) && x.personId().equals(personId))
                .orElseThrow(() -> ApiException.notFound("choice"));
        return new Choice(p.network(), held(p).stream().map(h -> new Option(h.id(), h.name())).toList());
    }

    /** Connects the account the owner picked; the choice is then gone. */
    public Channels.View choose(String businessId, String personId, String choiceId, String externalId)
            throws InterruptedException {
        // Someone else's choice is the same 404, and a pick not offered a 422, both before the choice is taken.
        if (choice(businessId, personId, choiceId).accounts().stream().noneMatch(o -> o.id().equals(externalId))) {
            throw ApiException.validation("Field 'external_id' must be one of the accounts offered.");
        }
        ConnectStore.Pending p = store.take(hash(choiceId), ConnectStore.CHOICE, clock.instant())
                .orElseThrow(() -> ApiException.notFound("choice"));
        Held picked = held(p).stream().filter(h -> h.id().equals(externalId)).findFirst().orElseThrow();
        Flow flow = flows.get(Network.of(p.network()).orElseThrow());
        return channels.connect(businessId, new Channels.Credentials(flow.network(), picked.id(), picked.name(),
                picked.token(), null, null), flow.connectorSubscribes());
    }

    private String store(String businessId, Flow flow, Channels.Credentials c) throws InterruptedException {
        try {
            channels.connect(businessId, c, flow.connectorSubscribes());
            return "connected";
        } catch (ApiException e) {
            return e.code(); // channel_taken, or the connector's refusal of the subscription
        }
    }

    private Flow flow(String networkName) {
        return Network.of(networkName).map(flows::get)
                .orElseThrow(() -> ApiException.notFound("network"));
    }

    private static String landing(String businessId, String network, String outcome, String choice) {
        StringBuilder b = new StringBuilder("/#/channels?outcome=").append(outcome);
        b.append("&network=").append(URLEncoder.encode(network == null ? "" : network, StandardCharsets.UTF_8));
        if (businessId != null) {
            b.append("&business=").append(businessId);
        }
        if (choice != null) {
            b.append("&choice=").append(choice);
        }
        return b.toString();
    }

    private static String json(List<Channels.Credentials> granted) {
        try {
            return OAuthForms.JSON.writeValueAsString(granted.stream()
                    .map(c -> new Held(c.externalId(), c.name(), c.accessToken())).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Held> held(ConnectStore.Pending p) {
        try {
            return OAuthForms.JSON.readValue(p.payload(), new TypeReference<List<Held>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored choice is not JSON", e);
        }
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
