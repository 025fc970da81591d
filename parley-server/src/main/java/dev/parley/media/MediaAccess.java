package dev.parley.media;

/**
 * What serving a file asks of other features (conversations, the social graph), implemented where
 * the media feature is wired so this package imports neither.
 */
public interface MediaAccess {
    /** The account is a member of the conversation and sees it (not removed, not declined). */
    boolean sees(String conversationId, String accountId);

    /** One of the two blocks the other. */
    boolean blockedEitherWay(String a, String b);
}
