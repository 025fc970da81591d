package dev.parley.client;

/**
 * A newly registered bot, with the only copy of its credentials: keep them.
 *
 * @param token  the bot's bearer token: {@code ParleyClient.withToken(token)} acts as the business,
 *               and what it sends counts as automated under the business rules
 * @param secret the webhook signing secret, for {@link Webhooks#verify}
 */
public record BotRegistration(Bot bot, String token, String secret) {}
