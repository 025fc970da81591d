package dev.parley.client;

import java.time.Instant;

/**
 * One line of a bot's webhook delivery log.
 *
 * @param token      the business event's token
 * @param status     {@code pending} (to be retried), {@code delivered} or {@code failed} (given up)
 * @param lastStatus the receiver's last HTTP status, or null when it could not be reached
 * @param lastError  why the last attempt failed, or null
 */
public record BotDelivery(String token, String eventType, String status, int attempts, Integer lastStatus,
                          String lastError, Instant createdAt, Instant deliveredAt) {}
