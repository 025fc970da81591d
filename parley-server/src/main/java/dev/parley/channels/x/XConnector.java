package dev.parley.channels.x;

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
import dev.parley.channels.Outbound;
import dev.parley.channels.ReplyPolicy;
import dev.parley.outbound.OutboundClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * X's side of a channel: the CRC check and signed deliveries of the Account Activity / X Activity
 * API, and replies through the Direct Messages API v2 as the business's account, with the OAuth 2.0
 * user token the business granted ({@link XOAuth}). X has no reply window; a person's DM settings
 * or a block answer 403, mapped to {@link ChannelError#RECIPIENT_UNAVAILABLE}.
 *
 * <p>Keeps no state between calls: the token comes with each {@link ChannelAccount}, and the core
 * refreshes it ({@link XOAuth#needsRefresh}) before it runs out.
 */
public final class XConnector implements Connector {
    /** X's DM text limit (Direct Messages "manage" reference: 10,000 characters). */
    public static final int MAX_TEXT_CHARS = 10_000;
    /** X's DMs take photos, GIFs and videos ({@link XMediaUpload}'s limits), nothing else. */
    private static final ReplyPolicy POLICY = new ReplyPolicy(null, null, List.of(
            new ReplyPolicy.Media("image", Set.of("image/jpeg", "image/png", "image/webp"), XMediaUpload.IMAGE_BYTES),
            new ReplyPolicy.Media("image", Set.of("image/gif"), XMediaUpload.GIF_BYTES),
            new ReplyPolicy.Media("video", Set.of("video/mp4", "video/quicktime"), XMediaUpload.VIDEO_BYTES)), MAX_TEXT_CHARS);
    private static final int ANSWER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final XSettings settings;
    private final OutboundClient http;
    private final XSignature legacy;
    private final XSignature oauth2;
    private final XDeliveries deliveries;
    private final XErrors errors;
    private final XMediaUpload media;
    private final XOAuth oauth;
    private final Clock clock;

    public XConnector(XSettings settings, OutboundClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.legacy = new XSignature(settings.consumerSecret());
        this.oauth2 = new XSignature(settings.clientSecret());
        this.deliveries = new XDeliveries(clock);
        this.errors = new XErrors(clock);
        this.media = new XMediaUpload(http, settings.uploadBase(), errors);
        this.oauth = new XOAuth(settings, http, clock);
        this.clock = clock;
    }

    /** X's access tokens last two hours: refreshed before they run out, or once X refused one. */
    @Override
    public Optional<ChannelAccount> renew(ChannelAccount account, boolean refused)
            throws ChannelException, InterruptedException {
        if (!refused && !XOAuth.needsRefresh(account, clock)) {
            return Optional.empty();
        }
        if (account.refreshToken() == null || account.refreshToken().isEmpty()) {
            return Optional.empty();
        }
        XOAuth.Tokens t = oauth.refresh(account.refreshToken());
        return Optional.of(new ChannelAccount(account.id(), account.businessId(), account.network(), account.externalId(),
                t.accessToken(), t.refreshToken() == null ? account.refreshToken() : t.refreshToken(), t.expiresAt(),
                account.humanAgentApproved()));
    }

    @Override
    public Network network() {
        return Network.X;
    }

    /**
     * X's CRC: {@code {"response_token":"sha256=…"}} for a {@code crc_token}; empty without a
     * secret. Keyed with the consumer secret when one is set (X's webhook quickstart), else with
     * the OAuth 2.0 client secret (X's V2 Webhooks page, for apps without an OAuth 1.0 secret): an
     * operator whose app X checks with the client secret leaves the consumer secret unset.
     */
    @Override
    public Optional<Handshake> handshake(Map<String, String> query) {
        XSignature crc = settings.consumerSecret() != null ? legacy : oauth2;
        return crc.crcResponse(query.get("crc_token")).map(token ->
                new Handshake("application/json", JSON.createObjectNode().put("response_token", token).toString()));
    }

    /**
     * True when a signature X sent verifies under its secret: the OAuth 2.0 header under the client
     * secret, or the legacy header under the consumer secret (X may send both while an app moves
     * over). Each is compared in constant time; a header whose secret is unset never verifies.
     */
    @Override
    public boolean verify(byte[] rawBody, Function<String, String> header) {
        return oauth2.verify(rawBody, header.apply(XSignature.HEADER_OAUTH2))
                || legacy.verify(rawBody, header.apply(XSignature.HEADER));
    }

    @Override
    public List<Inbound> parse(byte[] rawBody) {
        return deliveries.parse(rawBody);
    }

    /**
     * Sends through {@code POST /2/dm_conversations/with/{participant_id}/messages} and answers X's
     * {@code dm_event_id}, the id the echo of this message carries. A DM carries at most one media
     * item on X, so a reply with more is refused before anything is sent (the core may split it).
     */
    @Override
    public String send(ChannelAccount account, Outbound message) throws ChannelException, InterruptedException {
        String to = message.contactExternalId();
        if (!XDeliveries.isId(to)) {
            throw new ChannelException(ChannelError.REFUSED, "x_recipient", null, "an X user id is digits");
        }
        String text = message.text() == null || message.text().isBlank() ? null : message.text();
        List<Outbound.File> files = message.attachments() == null ? List.of() : message.attachments();
        if (text == null && files.isEmpty()) {
            throw new ChannelException(ChannelError.REFUSED, "x_empty", null, "a DM needs text or an attachment");
        }
        if (text != null && text.codePointCount(0, text.length()) > MAX_TEXT_CHARS) {
            throw new ChannelException(ChannelError.REFUSED, "x_text_length", null, "X takes at most " + MAX_TEXT_CHARS + " characters");
        }
        if (files.size() > 1) {
            throw new ChannelException(ChannelError.REFUSED, "x_attachments", null, "X carries one attachment per DM");
        }
        for (Outbound.File f : files) {
            XMediaUpload.check(f); // Refused before anything goes out, upload included.
        }
        String token = token(account);
        ObjectNode body = JSON.createObjectNode();
        if (text != null) {
            body.put("text", text);
        }
        for (Outbound.File f : files) {
            body.putArray("attachments").addObject().put("media_id", media.upload(token, f));
        }
        OutboundClient.Response r = call("POST", settings.apiBase() + "/2/dm_conversations/with/" + to + "/messages",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                body.toString().getBytes(StandardCharsets.UTF_8));
        if (r.status() / 100 != 2) {
            throw errors.of(r);
        }
        String id = XDeliveries.text(json(r.body()).path("data"), "dm_event_id");
        if (id == null) {
            // X took it (2xx), so trying again could send it twice: fail it without a retry; its
            // echo still shows what went out.
            throw new ChannelException(ChannelError.REFUSED, "x_no_event_id", null, "X's answer named no dm_event_id");
        }
        return id;
    }

    /**
     * X carries one media item a DM: the text goes with the first attachment, and each further
     * attachment is a DM of its own, in order.
     */
    @Override
    public List<Outbound> parts(Outbound reply) {
        List<Outbound.File> files = reply.attachments();
        if (files.size() <= 1) {
            return List.of(reply);
        }
        List<Outbound> out = new java.util.ArrayList<>();
        out.add(new Outbound(reply.contactExternalId(), reply.text(), List.of(files.get(0)), reply.byPerson(), false));
        for (Outbound.File f : files.subList(1, files.size())) {
            out.add(new Outbound(reply.contactExternalId(), null, List.of(f), reply.byPerson(), false));
        }
        return out;
    }

    /** X's v2 "Delete DM event" ({@code DELETE /2/dm_events/{event_id}}) takes back a DM event its sender owns. */
    @Override
    public boolean canUnsend() {
        return true;
    }

    @Override
    public void unsend(ChannelAccount account, List<String> networkMessageIds) throws ChannelException, InterruptedException {
        String token = token(account);
        for (String id : networkMessageIds) {
            if (!XDeliveries.isId(id)) {
                continue; // not an id X gave (X's event ids are digits)
            }
            OutboundClient.Response r = call("DELETE", settings.apiBase() + "/2/dm_events/" + id,
                    Map.of("Authorization", "Bearer " + token), null);
            if (r.status() / 100 != 2 && r.status() != 404) { // 404: X no longer has it
                throw errors.of(r);
            }
        }
    }

    @Override
    public ReplyPolicy policy() {
        return POLICY;
    }

    /** {@code GET /2/users/{id}} with the name, username and picture; empty on any failure. */
    @Override
    public Optional<Inbound.Profile> profile(ChannelAccount account, String externalUserId) throws InterruptedException {
        if (!XDeliveries.isId(externalUserId) || account.accessToken() == null) {
            return Optional.empty();
        }
        OutboundClient.Response r;
        try {
            r = http.request("GET", settings.apiBase() + "/2/users/" + externalUserId + "?user.fields=profile_image_url,username,name",
                    Map.of("Authorization", "Bearer " + account.accessToken()), null, ANSWER_BYTES);
        } catch (IOException e) {
            GuardRefusals.warnIfRefused("x", e);
            return Optional.empty();
        }
        JsonNode data = r.status() == 200 ? json(r.body()).get("data") : null;
        if (data == null || !data.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Inbound.Profile(XDeliveries.text(data, "name"), XDeliveries.text(data, "username"),
                XDeliveries.text(data, "profile_image_url")));
    }

    /**
     * A DM's media as bytes: X serves DM media ({@code ton.twimg.com}) only to a member of the
     * conversation, so the GET carries the business's token. The token goes only to X's own hosts
     * (and the configured API host, a stub in tests), never to a host a delivery happens to name.
     */
    public byte[] media(ChannelAccount account, String url, int maxBytes) throws ChannelException, InterruptedException {
        if (!XHosts.mayCarryToken(url, settings.apiBase())) {
            throw new ChannelException(ChannelError.REFUSED, "x_media_host", null, "not one of X's media hosts: " + url);
        }
        OutboundClient.Response r = call("GET", url, Map.of("Authorization", "Bearer " + token(account)), null, maxBytes);
        if (r.status() != 200) {
            throw errors.of(r);
        }
        return r.body();
    }

    private static String token(ChannelAccount account) throws ChannelException {
        if (account.accessToken() == null || account.accessToken().isEmpty()) {
            throw new ChannelException(ChannelError.RECONNECT_NEEDED, "no_token", null, "the X account holds no token");
        }
        return account.accessToken();
    }

    private OutboundClient.Response call(String method, String url, Map<String, String> headers, byte[] body)
            throws ChannelException, InterruptedException {
        return call(method, url, headers, body, ANSWER_BYTES);
    }

    private OutboundClient.Response call(String method, String url, Map<String, String> headers, byte[] body, int maxBytes)
            throws ChannelException, InterruptedException {
        try {
            return http.request(method, url, headers, body, maxBytes);
        } catch (IOException e) {
            throw XErrors.unreachable(e);
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode n = body.length == 0 ? null : JSON.readTree(body);
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
