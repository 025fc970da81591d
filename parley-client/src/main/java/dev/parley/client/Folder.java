package dev.parley.client;

/** Where a conversation sits for one member. */
public enum Folder {
    /** Conversations the member takes part in. */
    INBOX,
    /** Message requests not yet accepted or declined; one shows here once it holds a message. */
    REQUESTS,
    /** Requests that held one of the member's hidden words; they arrive here unannounced. */
    HIDDEN;

    String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
