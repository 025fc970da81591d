package dev.parley.channels.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.Channels;
import dev.parley.channels.Network;
import dev.parley.channels.x.XOAuth;
import dev.parley.channels.x.XSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * X through OAuth 2.0 Authorization Code with PKCE: {@link XOAuth} builds the authorize URL
 * (S256 challenge, {@link XOAuth#SCOPES} with {@code offline.access}) and exchanges the code with
 * the verifier; {@code GET /2/users/me} then names the account. The refresh token is kept, so the
 * X connector renews the access token without the business. With {@code channels.x.webhook_id} the
 * account is then subscribed to the app's webhook (Account Activity API,
 * {@code POST /2/account_activity/webhooks/{id}/subscriptions/all} with the user's token), so its DMs
 * arrive without a manual step.
 */
final class XFlow implements Flow {
    private final XSettings settings;
    private final String webhookId;
    private final XOAuth oauth;
    private final OAuthHttp http;

    XFlow(XSettings settings, String webhookId, XOAuth oauth, OAuthHttp http) {
        this.settings = settings;
        this.webhookId = webhookId == null ? "" : webhookId;
        this.oauth = oauth;
        this.http = http;
    }

    @Override
    public Network network() {
        return Network.X;
    }

    @Override
    public Optional<String> missing() {
        return settings.canConnect() ? Optional.empty() : Optional.of("channels.x.client_id and channels.x.client_secret");
    }

    @Override
    public Start start(String redirectUri) {
        XOAuth.Authorization a = oauth.start(redirectUri);
        return new Start(a.url(), a.state(), a.verifier());
    }

    @Override
    public List<Channels.Credentials> finish(String code, String redirectUri, String verifier)
            throws ChannelException, InterruptedException {
        XOAuth.Tokens t = oauth.exchange(code, redirectUri, verifier);
        JsonNode me = http.get("profile", settings.apiBase() + "/2/users/me", t.accessToken()).path("data");
        String id = OAuthHttp.text(me, "id");
        if (id == null) {
            throw new ChannelException(ChannelError.REFUSED, "profile_no_id", null, "profile: no id");
        }
        subscribe(t.accessToken());
        String username = OAuthHttp.text(me, "username");
        return List.of(new Channels.Credentials(Network.X, id, username == null ? OAuthHttp.text(me, "name") : "@" + username,
                t.accessToken(), t.refreshToken(), t.expiresAt()));
    }

    /**
     * Subscribes the account to the app's webhook. X answers a duplicate subscription (a
     * re-connect) with 409, which is the state wanted.
     */
    private void subscribe(String token) throws ChannelException, InterruptedException {
        if (webhookId.isEmpty()) {
            return;
        }
        try {
            http.postJson("subscribe", settings.apiBase() + "/2/account_activity/webhooks/"
                    + URLEncoder.encode(webhookId, StandardCharsets.UTF_8) + "/subscriptions/all", token);
        } catch (ChannelException e) {
            if (!"http_409".equals(e.networkCode)) {
                throw e;
            }
        }
    }

    @Override
    public Optional<String> manualStep() {
        return webhookId.isEmpty() ? Optional.of("channels.x.webhook_id is not set: subscribe each connected X account "
                + "to the app's webhook by hand (POST /2/account_activity/webhooks/{id}/subscriptions/all)")
                : Optional.empty();
    }

    @Override
    public boolean connectorSubscribes() {
        return true;
    }
}
