package dev.parley.business;

/**
 * Whether a business's own FAQ bot is handling a conversation (it is on and has not handed the
 * conversation to a person): the intake then assigns nobody, so bot-handled chats do not fill
 * agents' caps, and lists the conversation in the inbox's bot view. Automation answers it; the
 * inbox asks, so that the business package does not depend on the automation package.
 */
@FunctionalInterface
public interface BotHandling {
    BotHandling NEVER = (businessId, conversationId) -> false;

    boolean handles(String businessId, String conversationId);
}
