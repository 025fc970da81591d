package dev.parley.message;

import java.util.List;

/**
 * A send that passed its checks (membership, policy, reply target) outside the writer, ready to
 * be written in a batch.
 *
 * @param agentName     the agent's name, shown to the business's own agents
 * @param acceptRequest the sender is answering a message request, which accepts it
 * @param recipients    the members who will sync the message (everyone who sees the conversation)
 * @param requested     members in their requests folder: told of the request by the first message
 * @param hidden        members whose pending request this message moves to their hidden folder
 * @param createdBy     who opened the conversation (named in request.created)
 * @param approval      what the business rules record once the message is stored
 * @param authorKind    who wrote it (kept on the message)
 * @param attachments   upload ids sent with it, in order (checked usable; attached in the write)
 * @param hiddenFrom    recipients who apply their hidden words everywhere and whose words it holds:
 *                      their copy of the event says {@code hidden}
 * @param screened      the shadow bans' and filters' verdict: shown to the sender only, and what follows the commit
 */
record SendPlan(String conversationId, String senderId, String agentId, String agentName, String clientId, String text, String replyTo,
                boolean acceptRequest, List<String> recipients, List<String> requested, List<String> hidden,
                String createdBy, SendGuard.Approval approval, AuthorKind authorKind,
                List<String> attachments, java.util.Set<String> hiddenFrom, SendScreen.Verdict screened) {

    /** What makes two sends the same message: a retry carries the same client_id. */
    record Key(String conversationId, String senderId, String clientId) {}

    /** Stored and shown to its sender only (a shadow ban, or a filter's shadow action). */
    boolean shadowed() {
        return screened.shadowed();
    }

    Key key() {
        return new Key(conversationId, senderId, clientId);
    }
}
