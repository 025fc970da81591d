package dev.parley.channels.connect;

import dev.parley.channels.x.XSettings;

/**
 * What the connect flows are configured with, read by the composition root from the
 * {@code channels.*} settings (empty strings are "not set"). Every URL is a setting so a test
 * points the flows at a stub on 127.0.0.1.
 *
 * @param xWebhookId the id of the X app's registered webhook ({@code channels.x.webhook_id}); empty:
 *                   connected X accounts are subscribed to it by hand
 * @param publicUrl the address users reach ({@code public_url}); empty: the address each request names.
 *                  The OAuth redirect URI is {@code <this>/api/v1/channels/<network>/oauth/callback},
 *                  which the operator registers at each network.
 */
public record ConnectSettings(Meta meta, Instagram instagram, XSettings x, String xWebhookId, String publicUrl) {

    /** The Meta app (Facebook Login for Messenger): its id and secret, the login dialog, the Graph API. */
    public record Meta(String appId, String appSecret, String dialogUrl, String graphUrl) {
        boolean ready() {
            return !appId.isEmpty() && !appSecret.isEmpty();
        }
    }

    /**
     * The Instagram app (Instagram API with Instagram Login): its own id and secret, the authorize
     * page on instagram.com, the code exchange on api.instagram.com, and graph.instagram.com.
     */
    public record Instagram(String appId, String appSecret, String authorizeUrl, String tokenUrl, String graphUrl) {
        boolean ready() {
            return !appId.isEmpty() && !appSecret.isEmpty();
        }
    }
}
