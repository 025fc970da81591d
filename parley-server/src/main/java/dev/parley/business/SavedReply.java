package dev.parley.business;

import java.time.Instant;
import java.util.List;

/**
 * A business's saved reply: an agent types {@code /shortcut} to pick it, sees a preview for the
 * customer at hand, and sends it. {@code variables} lists the template variables the body uses.
 */
public record SavedReply(String id, String shortcut, String title, String body, List<String> variables,
                         String createdBy, Instant createdAt, Instant updatedAt) {}
