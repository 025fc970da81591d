package dev.parley.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A person or a business page, as stored. Views for clients are built from it.
 *
 * @param appId the app whose user this is; empty for the node's own network (password accounts)
 * @param externalId the app's own id for this user
 */
public record Account(
        String id,
        String handle,
        String displayName,
        Optional<String> preferredName,
        String kind,
        boolean verified,
        String dmPolicy,
        boolean readReceipts,
        List<String> hiddenWords,
        boolean admin,
        boolean suspended,
        Instant createdAt,
        Optional<String> appId,
        Optional<String> externalId) {

    public static final String PERSON = "person";
    public static final String BUSINESS = "business";
    /** The name shown for someone who blocked the viewer: no one may take it as their own name. */
    public static final String HIDDEN_NAME = "Parley user";
    /** An erased account's name: no one may take it as their own name. */
    public static final String ERASED_NAME = "Deleted account";

    /**
     * Each app is a network of its own, and password accounts form the node's: across networks an
     * account is treated as if it did not exist. The one check every lookup of another account uses.
     */
    public boolean sameNetwork(Account other) {
        return network().equals(other.network());
    }

    /**
     * The first letter of a channel contact's id: a customer on Messenger, Instagram or X, whom a
     * business answers from its inbox (the channels feature makes them). Each is a network of its own,
     * so no ordinary account can find, follow or open a conversation with one.
     */
    public static final char CHANNEL_CONTACT = 'w';

    public static boolean isChannelContact(String accountId) {
        return accountId != null && accountId.length() > 2 && accountId.charAt(0) == CHANNEL_CONTACT
                && accountId.charAt(1) == '-';
    }

    /** The node's own network (password accounts) as a network key: handles are unique per key. */
    public static final String OWN_NETWORK = "";

    /** This account's network as a key: its app's id, a channel contact's own, or {@link #OWN_NETWORK}. */
    public String network() {
        return appId.orElse(isChannelContact(id) ? "channel:" + id : OWN_NETWORK);
    }

    public boolean isBusiness() {
        return BUSINESS.equals(kind);
    }
}
