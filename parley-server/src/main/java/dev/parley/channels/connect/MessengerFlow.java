package dev.parley.channels.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.channels.ChannelError;
import dev.parley.channels.ChannelException;
import dev.parley.channels.Channels;
import dev.parley.channels.Network;
import dev.parley.channels.OAuthForms;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Messenger through Facebook Login ("Manually Build a Login Flow"): the login dialog with the
 * Page scopes, the code exchanged for a user token at {@code /oauth/access_token}, that token
 * made long-lived ({@code fb_exchange_token}, so the Page tokens derived from it do not expire),
 * then {@code /me/accounts}: every Page the owner runs, each with its Page token. The Page's
 * {@code subscribed_apps} call is the Messenger connector's, made when the chosen Page is stored.
 */
final class MessengerFlow implements Flow {
    static final String SCOPES = "pages_messaging,pages_manage_metadata,pages_show_list";

    private final ConnectSettings.Meta settings;
    private final OAuthHttp http;

    MessengerFlow(ConnectSettings.Meta settings, OAuthHttp http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public Network network() {
        return Network.MESSENGER;
    }

    @Override
    public Optional<String> missing() {
        return settings.ready() ? Optional.empty() : Optional.of("channels.meta.app_id and channels.meta.app_secret");
    }

    @Override
    public Start start(String redirectUri) {
        String state = OAuthForms.randomToken();
        return new Start(OAuthHttp.url(settings.dialogUrl(), OAuthHttp.query("client_id", settings.appId(),
                "redirect_uri", redirectUri, "state", state, "scope", SCOPES, "response_type", "code")), state, null);
    }

    @Override
    public List<Channels.Credentials> finish(String code, String redirectUri, String verifier)
            throws ChannelException, InterruptedException {
        String tokenUrl = settings.graphUrl() + "/oauth/access_token";
        JsonNode shortLived = http.get("code_exchange", OAuthHttp.url(tokenUrl, OAuthHttp.query("client_id",
                settings.appId(), "redirect_uri", redirectUri, "client_secret", settings.appSecret(), "code", code)), null);
        JsonNode longLived = http.get("token_exchange", OAuthHttp.url(tokenUrl, OAuthHttp.query("grant_type",
                "fb_exchange_token", "client_id", settings.appId(), "client_secret", settings.appSecret(),
                "fb_exchange_token", required(shortLived, "code_exchange"))), null);
        JsonNode pages = http.get("pages", settings.graphUrl() + "/me/accounts?fields=id,name,access_token&limit=100",
                required(longLived, "token_exchange"));
        List<Channels.Credentials> out = new ArrayList<>();
        for (JsonNode p : pages.path("data")) {
            String id = OAuthHttp.text(p, "id");
            String token = OAuthHttp.text(p, "access_token");
            if (id != null && token != null) { // a Page without a token is one the owner did not grant
                out.add(new Channels.Credentials(Network.MESSENGER, id, OAuthHttp.text(p, "name"), token, null, null));
            }
        }
        return out;
    }

    @Override
    public boolean connectorSubscribes() {
        return true;
    }

    private static String required(JsonNode answer, String step) throws ChannelException {
        String token = OAuthHttp.text(answer, "access_token");
        if (token == null) {
            throw new ChannelException(ChannelError.REFUSED, step + "_no_token", null, step + ": no access_token");
        }
        return token;
    }
}
