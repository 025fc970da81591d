package dev.parley.business;

import java.time.Instant;

/**
 * An invitation to join a business's team, pending until the person accepts (they become an
 * agent in {@code role}) or declines, or the business withdraws it. Until then they are no agent:
 * no inbox, no assignment, not counted toward caps.
 */
public record Invitation(String id, String businessId, String accountId, String role, String invitedBy,
                         Instant createdAt) {}
