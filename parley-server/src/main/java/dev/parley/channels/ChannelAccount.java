package dev.parley.channels;

import java.time.Instant;

/**
 * A business's account on a network, as connected: a Facebook Page, an Instagram professional
 * account, an X account. {@code externalId} is the account's id on the network (the Page id, the
 * Instagram account id, the X user id): contacts are scoped to it, never merged across accounts.
 *
 * @param id                 Parley's id of the connection (ids are strings everywhere in Parley)
 * @param businessId         the business account's id
 * @param humanAgentApproved the business says its Meta app is approved for the HUMAN_AGENT tag
 *                           (replies by a person up to 7 days after the customer's last message)
 * @param instagramLogin     an Instagram account signed in with Instagram Login (its calls go to
 *                           graph.instagram.com with its own token), not one linked to a Facebook Page
 */
public record ChannelAccount(
        String id,
        String businessId,
        Network network,
        String externalId,
        String accessToken,
        String refreshToken,
        Instant tokenExpiresAt,
        boolean humanAgentApproved,
        boolean instagramLogin) {

    /** An account connected any way but Instagram Login. */
    public ChannelAccount(String id, String businessId, Network network, String externalId, String accessToken,
                          String refreshToken, Instant tokenExpiresAt, boolean humanAgentApproved) {
        this(id, businessId, network, externalId, accessToken, refreshToken, tokenExpiresAt, humanAgentApproved, false);
    }

    /** The same account with new credentials (a renewed token). */
    public ChannelAccount withTokens(String access, String refresh, Instant expiresAt) {
        return new ChannelAccount(id, businessId, network, externalId, access, refresh, expiresAt, humanAgentApproved,
                instagramLogin);
    }
}
