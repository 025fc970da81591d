package dev.parley.channels.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.channels.ChannelAccount;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.GuardRefusals;
import dev.parley.channels.Connector;
import dev.parley.channels.Inbound;
import dev.parley.channels.Network;
import dev.parley.channels.OAuthForms;
import dev.parley.channels.Outbound;
import dev.parley.channels.ReplyPolicy;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Messenger (a Facebook Page, {@code object: page}) and Instagram ({@code object: instagram}, the
 * professional account linked to a Page or signed in with Instagram Login): one connector class,
 * one instance per network, over the Graph API at {@code channels.meta.graph_url} (an Instagram
 * account signed in with Instagram Login: {@code channels.instagram.graph_url} with its own token). Replies go to
 * {@code POST /{account}/messages} with the account's token as a bearer header (never in a URL),
 * as a {@code RESPONSE}, or with the {@code HUMAN_AGENT} tag when the channel feature says so.
 */
public final class MetaConnector implements Connector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER = 64 * 1024;
    /**
     * Meta's window: 24 hours; a person's reply with HUMAN_AGENT up to 7 days. Text up to 2000
     * characters. Messenger's Send API takes images up to 8 MB and audio, video and other files up
     * to 25 MB (Messenger Platform, "Send API reference", attachment size limits); an image type
     * Messenger does not show inline goes as a file.
     */
    private static final ReplyPolicy MESSENGER = new ReplyPolicy(Duration.ofHours(24), Duration.ofDays(7), List.of(
            new ReplyPolicy.Media("image", Set.of("image/jpeg", "image/png", "image/gif"), 8L << 20),
            new ReplyPolicy.Media("audio", Set.of("audio/*"), 25L << 20),
            new ReplyPolicy.Media("video", Set.of("video/*"), 25L << 20),
            new ReplyPolicy.Media("file", Set.of("*"), 25L << 20)), 2000);
    /**
     * Instagram names its formats ("Upload Media for Instagram Messaging": audio aac, m4a, wav, mp4
     * up to 25 MB; image png, jpeg, gif up to 8 MB; video mp4, ogg, avi, mov, webm up to 25 MB;
     * file pdf up to 25 MB): anything else (a WebP, a plain text file, a browser's WebM voice note)
     * is refused before sending.
     */
    private static final ReplyPolicy INSTAGRAM = new ReplyPolicy(Duration.ofHours(24), Duration.ofDays(7), List.of(
            new ReplyPolicy.Media("image", Set.of("image/jpeg", "image/png", "image/gif"), 8L << 20),
            new ReplyPolicy.Media("audio", Set.of("audio/aac", "audio/mp4", "audio/x-m4a", "audio/m4a", "audio/wav",
                    "audio/x-wav", "audio/vnd.wave"), 25L << 20),
            new ReplyPolicy.Media("video", Set.of("video/mp4", "video/ogg", "video/x-msvideo", "video/quicktime",
                    "video/webm"), 25L << 20),
            new ReplyPolicy.Media("file", Set.of("application/pdf"), 25L << 20)), 2000);

    /**
     * The Meta app's settings, and the Instagram app's secret and API for accounts signed in with
     * Instagram Login ({@code channels.instagram.*}); empty strings are "not set".
     */
    public record Settings(String appId, String appSecret, String verifyToken, String graphUrl,
                           String instagramAppSecret, String instagramGraphUrl) {
        public Settings(String appId, String appSecret, String verifyToken, String graphUrl) {
            this(appId, appSecret, verifyToken, graphUrl, "", "");
        }
    }

    /**
     * An Instagram Login token lasts 60 days and is refreshed (for another 60) once it is at least a
     * day old; Parley refreshes it when fewer than this many days are left.
     */
    static final Duration REFRESH_MARGIN = Duration.ofDays(10);

    private final Network network;
    private final Settings settings;
    private final OutboundClient http;
    private final Clock clock;

    public MetaConnector(Network network, Settings settings, OutboundClient http) {
        this(network, settings, http, Clock.systemUTC());
    }

    public MetaConnector(Network network, Settings settings, OutboundClient http, Clock clock) {
        if (network == Network.X) {
            throw new IllegalArgumentException("X is not a Meta network");
        }
        this.network = network;
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public Optional<Handshake> handshake(Map<String, String> query) {
        return handshakeRefusal(query).isPresent() ? Optional.empty()
                : Optional.of(new Handshake("text/plain", query.get("hub.challenge")));
    }

    /**
     * Why Meta's handshake is refused, checked in the order an operator fixes them: the token first
     * (so only Meta, which knows it, learns anything about the rest), then the challenge, which is
     * echoed as the answer and so must be a plain token, never markup.
     */
    @Override
    public Optional<String> handshakeRefusal(Map<String, String> query) {
        String token = settings.verifyToken();
        String given = query.get("hub.verify_token");
        if (token.isEmpty()) {
            return Optional.of("This node has no channels.meta.verify_token set, so every handshake is refused.");
        }
        if (given == null || !MetaSignature.sameText(token, given)) {
            return Optional.of("The handshake's token does not match this node's setting.");
        }
        if (!"subscribe".equals(query.get("hub.mode"))) {
            return Optional.of("The handshake's hub.mode must be 'subscribe'.");
        }
        String challenge = query.get("hub.challenge");
        if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{1,128}")) {
            return Optional.of("The handshake's hub.challenge must be a plain token: 1 to 128 letters, digits, '-' or '_'.");
        }
        return Optional.empty();
    }

    /**
     * Signed with the Meta app's secret; an Instagram delivery may instead be signed with the
     * Instagram app's (accounts signed in with Instagram Login). Both are checked, each in constant
     * time; an unset secret never verifies.
     */
    @Override
    public boolean verify(byte[] rawBody, Function<String, String> header) {
        String given = header.apply("X-Hub-Signature-256");
        boolean meta = MetaSignature.valid(settings.appSecret(), rawBody, given);
        boolean instagram = network == Network.INSTAGRAM && MetaSignature.valid(settings.instagramAppSecret(), rawBody, given);
        return meta | instagram;
    }

    @Override
    public List<Inbound> parse(byte[] rawBody) {
        return MetaParser.parse(rawBody, network == Network.MESSENGER ? "page" : "instagram");
    }

    @Override
    public boolean sentByParley(Inbound echo) {
        return !settings.appId().isEmpty() && settings.appId().equals(echo.payload());
    }

    @Override
    public ReplyPolicy policy() {
        return network == Network.MESSENGER ? MESSENGER : INSTAGRAM;
    }

    /**
     * One Send API call: a text, or one attachment whose {@code payload.url} Meta fetches (the
     * node's short-lived signed link). Meta's Send API takes one attachment a call and no caption,
     * so the core sends a reply with files as several calls ({@link Connector#parts}).
     */
    @Override
    public String send(ChannelAccount account, Outbound message) throws ChannelException, InterruptedException {
        List<Outbound.File> files = message.attachments() == null ? List.of() : message.attachments();
        boolean hasText = message.text() != null && !message.text().isBlank();
        if (files.size() + (hasText ? 1 : 0) != 1) {
            throw new ChannelException(ChannelError.REFUSED, "meta_one_part", null, "one text or one attachment per Send API call");
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("recipient").put("id", message.contactExternalId());
        if (message.humanAgentTag()) {
            body.put("messaging_type", "MESSAGE_TAG");
            body.put("tag", "HUMAN_AGENT");
        } else {
            body.put("messaging_type", "RESPONSE");
        }
        if (hasText) {
            body.putObject("message").put("text", message.text());
        } else {
            ObjectNode attachment = body.putObject("message").putObject("attachment").put("type", files.get(0).kind());
            attachment.putObject("payload").put("url", files.get(0).url()).put("is_reusable", false);
        }
        JsonNode answer = call(account, "POST", "/" + path(account.externalId()) + "/messages", body);
        String id = answer.path("message_id").asText("");
        // A 2xx is the network taking the message: sending it again would give the customer two. An
        // answer without its id is kept as sent, under a name of Parley's own.
        return id.isEmpty() ? Outbound.unnamed() : id;
    }

    @Override
    public Optional<Inbound.Profile> profile(ChannelAccount account, String externalUserId) throws InterruptedException {
        String fields = network == Network.MESSENGER ? "first_name,last_name,profile_pic" : "name,username,profile_pic";
        try {
            JsonNode p = call(account, "GET", "/" + path(externalUserId) + "?fields=" + fields, null);
            String name = p.hasNonNull("name") ? p.path("name").asText()
                    : (p.path("first_name").asText("") + " " + p.path("last_name").asText("")).strip();
            return Optional.of(new Inbound.Profile(name.isEmpty() ? null : name,
                    p.hasNonNull("username") ? p.path("username").asText() : null,
                    p.hasNonNull("profile_pic") ? p.path("profile_pic").asText() : null));
        } catch (ChannelException e) {
            return Optional.empty(); // a missing profile is allowed (the person's settings, an app not reviewed)
        }
    }

    @Override
    public Optional<String> subscribe(ChannelAccount account) throws ChannelException, InterruptedException {
        JsonNode me = call(account, "GET", "/" + path(account.externalId()) + "?fields=name", null);
        String fields = network == Network.MESSENGER
                ? "messages,message_echoes,message_reactions,message_reads,messaging_postbacks"
                : "messages,message_reactions,messaging_postbacks,messaging_seen";
        call(account, "POST", "/" + path(account.externalId()) + "/subscribed_apps?subscribed_fields=" + fields, null);
        return Optional.ofNullable(me.hasNonNull("name") ? me.path("name").asText() : null);
    }

    /**
     * An Instagram Login token near the end of its 60 days, refreshed on graph.instagram.com
     * ({@code refresh_access_token}, {@code ig_refresh_token}) with its new expiry. A refused token
     * cannot be refreshed (the refresh needs a valid one) and a Page's token does not expire so:
     * both are left to re-connecting.
     */
    @Override
    public Optional<ChannelAccount> renew(ChannelAccount account, boolean refused)
            throws ChannelException, InterruptedException {
        if (refused || !account.instagramLogin() || account.accessToken() == null || account.tokenExpiresAt() == null
                || clock.instant().plus(REFRESH_MARGIN).isBefore(account.tokenExpiresAt())) {
            return Optional.empty();
        }
        JsonNode fresh = request("GET", settings.instagramGraphUrl() + "/refresh_access_token?grant_type=ig_refresh_token"
                + "&access_token=" + URLEncoder.encode(account.accessToken(), StandardCharsets.UTF_8), Map.of(), null);
        String token = fresh.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new ChannelException(ChannelError.TEMPORARY, "no access_token", null, "the refresh answered no token");
        }
        JsonNode expires = fresh.get("expires_in");
        return Optional.of(account.withTokens(token, account.refreshToken(),
                OAuthForms.tokenExpiry(expires, clock, account.tokenExpiresAt())));
    }

    /** Instagram Login accounts call graph.instagram.com; Pages and Page-linked Instagram accounts the Graph API. */
    private String base(ChannelAccount account) {
        return network == Network.INSTAGRAM && account.instagramLogin() ? settings.instagramGraphUrl() : settings.graphUrl();
    }

    private JsonNode call(ChannelAccount account, String method, String pathAndQuery, JsonNode body)
            throws ChannelException, InterruptedException {
        if (account.accessToken() == null) {
            throw new ChannelException(ChannelError.RECONNECT_NEEDED, "no token", null, "the channel has no token");
        }
        Map<String, String> headers = body == null ? Map.of("Authorization", "Bearer " + account.accessToken())
                : Map.of("Authorization", "Bearer " + account.accessToken(), "Content-Type", "application/json");
        return request(method, base(account) + pathAndQuery, headers, body);
    }

    private JsonNode request(String method, String url, Map<String, String> headers, JsonNode body)
            throws ChannelException, InterruptedException {
        OutboundClient.Response r;
        try {
            r = http.request(method, url, headers, body == null ? null : JSON.writeValueAsBytes(body), MAX_ANSWER);
        } catch (IOException e) {
            GuardRefusals.warnIfRefused(network.wire, e);
            throw new ChannelException(ChannelError.TEMPORARY, "io", null, e.toString());
        }
        if (r.status() / 100 != 2) {
            throw MetaErrors.of(r.status(), r.body());
        }
        try {
            JsonNode answer = JSON.readTree(r.body());
            return answer == null ? JSON.missingNode() : answer;
        } catch (IOException e) {
            return JSON.missingNode(); // a 2xx all the same: each caller reads what it needs and says what it missed
        }
    }

    private static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
