package dev.parley.channels.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.Channels;
import dev.parley.channels.Network;
import dev.parley.channels.OAuthForms;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instagram through Instagram Login ("Business Login for Instagram"): the authorize page with the
 * business messaging scopes, the code exchanged on {@code api.instagram.com} for a short-lived
 * token (about an hour), that exchanged on {@code graph.instagram.com} for a long-lived one
 * ({@code ig_exchange_token}, 60 days), then the account's id and username from {@code /me} and
 * its subscription to the message fields with {@code POST /me/subscribed_apps}.
 */
final class InstagramFlow implements Flow {
    static final String SCOPES = "instagram_business_basic,instagram_business_manage_messages";
    static final String FIELDS = "messages,messaging_postbacks,messaging_seen,message_reactions";

    private final ConnectSettings.Instagram settings;
    private final OAuthHttp http;
    private final Clock clock;

    InstagramFlow(ConnectSettings.Instagram settings, OAuthHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Network network() {
        return Network.INSTAGRAM;
    }

    @Override
    public Optional<String> missing() {
        return settings.ready() ? Optional.empty()
                : Optional.of("channels.instagram.app_id and channels.instagram.app_secret");
    }

    @Override
    public Start start(String redirectUri) {
        String state = OAuthForms.randomToken();
        return new Start(OAuthHttp.url(settings.authorizeUrl(), OAuthHttp.query("client_id", settings.appId(),
                "redirect_uri", redirectUri, "response_type", "code", "scope", SCOPES, "state", state)), state, null);
    }

    @Override
    public List<Channels.Credentials> finish(String code, String redirectUri, String verifier)
            throws ChannelException, InterruptedException {
        JsonNode granted = http.postForm("code_exchange", settings.tokenUrl(), Map.of("client_id", settings.appId(),
                "client_secret", settings.appSecret(), "grant_type", "authorization_code", "redirect_uri", redirectUri,
                "code", code));
        // Documented both flat and wrapped in "data": [{access_token, user_id, permissions}].
        JsonNode shortLived = granted.path("data").isArray() && granted.path("data").size() > 0
                ? granted.path("data").get(0) : granted;
        String shortToken = required(shortLived, "access_token", "code_exchange");
        JsonNode longLived = http.get("token_exchange", OAuthHttp.url(settings.graphUrl() + "/access_token",
                OAuthHttp.query("grant_type", "ig_exchange_token", "client_secret", settings.appSecret(),
                        "access_token", shortToken)), null);
        String token = required(longLived, "access_token", "token_exchange");
        JsonNode expires = longLived.get("expires_in");
        JsonNode me = http.get("profile", settings.graphUrl() + "/me?fields=user_id,username", token);
        String id = required(me, "user_id", "profile");
        http.post("subscribe", settings.graphUrl() + "/me/subscribed_apps?subscribed_fields=" + FIELDS, token);
        return List.of(new Channels.Credentials(Network.INSTAGRAM, id, OAuthHttp.text(me, "username"), token, null,
                OAuthForms.tokenExpiry(expires, clock, null), true));
    }

    @Override
    public boolean connectorSubscribes() {
        return false;
    }

    private static String required(JsonNode answer, String field, String step) throws ChannelException {
        String v = OAuthHttp.text(answer, field);
        if (v == null) {
            throw new ChannelException(ChannelError.REFUSED, step + "_no_" + field, null, step + ": no " + field);
        }
        return v;
    }
}
