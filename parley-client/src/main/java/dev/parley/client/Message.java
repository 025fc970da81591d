package dev.parley.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message as the caller sees it.
 *
 * @param seq       1, 2, 3 … within its conversation, with no gaps
 * @param clientId  the sender's idempotency key; a retry with it never makes a second message
 * @param text      empty once unsent
 * @param replyTo   the id of the message this answers, or null
 * @param editedAt  null unless edited
 * @param deleted   unsent for everyone: a tombstone keeps its place
 * @param reactions each emoji with its count and whether the caller is among those who reacted
 * @param agentId   who wrote a business's message, or null: set only in the business's own view
 *                  (its agents'); to everyone else the business is the sender
 * @param agentName that agent's display name, or null likewise
 * @param authorKind who wrote it: {@code person}, {@code agent} (a person for a business),
 *                  {@code automation} (instant reply, away message, integration), {@code bot} (the FAQ bot,
 *                  an external bot) or {@code system}; a newer server may add values
 * @param attachments the files sent with it, in order; empty when none (and once unsent)
 * @param system    a system line's machine-readable body ("Ann added Bob"), or null on any other
 *                  message; its {@code text} is a plain fallback, for clients that do not word it
 * @param quickReplies the questions a bot message offers as buttons (the FAQ bot's starter questions),
 *                  which a client sends as the customer's message when one is tapped; empty on every
 *                  other message. Its {@code text} lists them too.
 */
public record Message(String id, String conversationId, long seq, String senderId, String clientId, String text,
                      String replyTo, Instant createdAt, Instant editedAt, boolean deleted,
                      Map<String, Reaction> reactions, String agentId, String agentName,
                      String authorKind, List<Attachment> attachments, SystemEvent system,
                      List<String> quickReplies) {

    public Message {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
    }

    /** Sent by automation or a bot, not typed by a person: what a client labels "Automatic reply" or "Bot". */
    public boolean automatic() {
        return "automation".equals(authorKind) || "bot".equals(authorKind);
    }

    /**
     * A line of a group's life, written by the server (author kind {@code system}): never unread,
     * never notified, and no one's words to answer, edit or react to.
     */
    public boolean isSystem() {
        return "system".equals(authorKind);
    }

    /**
     * What a system line tells, for a client to word it itself ("You added Bob", "Ann added you").
     *
     * @param event  {@code created}, {@code renamed}, {@code member_added}, {@code member_removed},
     *               {@code member_left}, {@code admin_added}, {@code admin_removed} or {@code made_admin}
     *               (the last admin left and the target is admin now); a newer server may add values
     * @param actor  the account that did it (for {@code made_admin}, the admin who left)
     * @param target the account added, removed, made admin or a member again (for {@code member_left},
     *               the one who left), else null
     * @param title  the group's name after {@code renamed}, or at {@code created}; else null
     */
    public record SystemEvent(String event, String actor, String target, String title) {}

    /** One emoji's reactions on a message. */
    public record Reaction(long count, boolean mine) {}
}
