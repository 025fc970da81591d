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
 */
public record ChannelAccount(
        String id,
        String businessId,
        Network network,
        String externalId,
        String accessToken,
        String refreshToken,
        Instant tokenExpiresAt,
        boolean humanAgentApproved) {
}
