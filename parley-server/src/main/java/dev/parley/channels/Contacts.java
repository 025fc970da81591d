package dev.parley.channels;

import dev.parley.account.Account;
import dev.parley.account.AccountStore;
import dev.parley.conversation.ConversationService;
import dev.parley.store.Database;
import dev.parley.store.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outside person as one inbox contact: one Parley account in a network of its own (so no
 * ordinary account can find or reach it) and one conversation with the business, scoped to the
 * business's channel account (a person's ids differ per Page and per account: never merged on a
 * guess). Two first deliveries at once make one of each: the contact's key and the conversation's
 * pair key are unique, and the loser reads the winner's.
 */
final class Contacts {
    private static final Logger LOG = LoggerFactory.getLogger(Contacts.class);
    private static final Map<Network, String> UNKNOWN = Map.of(Network.MESSENGER, "Messenger customer",
            Network.INSTAGRAM, "Instagram customer", Network.X, "X customer");

    private final Database db;
    private final ChannelStore store;
    private final AccountStore accounts;
    private final ConversationService conversations;
    private final Clock clock;

    Contacts(Database db, ChannelStore store, AccountStore accounts, ConversationService conversations, Clock clock) {
        this.db = db;
        this.store = store;
        this.accounts = accounts;
        this.conversations = conversations;
        this.clock = clock;
    }

    /** The contact and its conversation, made on first sight. */
    ChannelStore.Contact ensure(ChannelAccount channel, String externalUserId) {
        ChannelStore.Contact c = store.contact(channel.id(), externalUserId).orElseGet(() -> create(channel, externalUserId));
        if (c.conversationId() != null) {
            return c;
        }
        String conversationId = conversations.openForChannel(c.accountId(), channel.businessId());
        store.setConversation(c.accountId(), conversationId);
        return new ChannelStore.Contact(c.channelAccountId(), c.externalUserId(), c.accountId(), conversationId,
                c.lastInboundAt(), c.profileChecked());
    }

    private ChannelStore.Contact create(ChannelAccount channel, String externalUserId) {
        Account a = new Account(Ids.next(Account.CHANNEL_CONTACT), "customer", UNKNOWN.get(channel.network()),
                Optional.empty(), Account.PERSON, false, "following", true, List.of(), false, false, clock.instant(),
                Optional.empty(), Optional.empty());
        try {
            db.writeVoid(h -> {
                accounts.insert(h, a, null);
                store.insertContact(h, channel.id(), externalUserId, a.id());
            });
        } catch (RuntimeException e) {
            if (!db.dialect().isUniqueViolation(e)) {
                throw e;
            }
            // Another delivery made the contact at the same moment: theirs is the one.
        }
        return store.contact(channel.id(), externalUserId).orElseThrow();
    }

    /**
     * Name, username and picture through the connector, once; a network that will not tell leaves
     * the default name and no username. The picture's URL is kept server-side only.
     */
    void fetchProfile(Connector connector, ChannelAccount channel, ChannelStore.Contact contact)
            throws InterruptedException {
        if (contact.profileChecked()) {
            return;
        }
        Optional<Inbound.Profile> p = connector.profile(channel, contact.externalUserId());
        p.flatMap(Contacts::displayName).ifPresent(name -> accounts.updateProfile(contact.accountId(), name,
                Optional.empty()));
        store.profileChecked(contact.accountId(), p.map(x -> username(x.username())).orElse(null),
                p.map(x -> pictureUrl(x.pictureUrl())).orElse(null));
        LOG.debug("profile of a {} contact: {}", channel.network().wire, p.isPresent() ? "found" : "missing");
    }

    /** A network's username as shown after "@": letters, digits, '.', '_' and '-', up to 64; else none. */
    static String username(String raw) {
        return raw != null && raw.matches("[A-Za-z0-9._-]{1,64}") ? raw : null;
    }

    /** A picture's address worth keeping: https, up to 2048 characters; else none. */
    static String pictureUrl(String raw) {
        return raw != null && raw.length() <= 2048 && raw.startsWith("https://") ? raw : null;
    }

    /** The network's name, or its username, made a valid display name (no control characters, at most 64). */
    static Optional<String> displayName(Inbound.Profile p) {
        String raw = p.name() != null && !p.name().isBlank() ? p.name()
                : p.username() != null && !p.username().isBlank() ? "@" + p.username() : null;
        if (raw == null) {
            return Optional.empty();
        }
        String clean = raw.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(clean.codePointCount(0, clean.length()) <= 64 ? clean
                : clean.substring(0, clean.offsetByCodePoints(0, 64)));
    }
}
