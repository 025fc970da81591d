package dev.parley.message;

/**
 * Turns a saved reply into the text of a business's message. The business feature implements it,
 * so the message feature can send a saved reply without knowing about templates.
 */
@FunctionalInterface
public interface SavedReplies {
    /**
     * @return the rendered text, or an {@link dev.parley.http.ApiException}: 404 when the
     * conversation or the saved reply is not the business's, 422 when a value it needs is missing
     */
    String render(String businessId, String agentId, String conversationId, String savedReplyId);

    SavedReplies NONE = (business, agent, conversation, reply) -> {
        throw dev.parley.http.ApiException.notFound("saved reply");
    };
}
