package dev.parley.channels;

import dev.parley.conversation.ConversationService;
import dev.parley.http.ApiException;
import dev.parley.message.AuthorKind;
import dev.parley.message.MessageIds;
import dev.parley.message.MessageService;
import dev.parley.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One parsed event written into Parley: a customer's message enters through the ordinary send
 * path as the contact's (so the inbox, triage, the FAQ bot, automation and the response figures
 * see it as any customer's); the business's own message sent from the network's app enters once,
 * as the business's; reactions, reads and deletions act on the message the network's id names.
 * A repeat (same account, kind and network id) is dropped.
 */
final class Ingest {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    /** The event must wait and be tried again: an echo that may be of a reply whose send has not answered yet. */
    static final class Later extends RuntimeException {
        Later(String why) {
            super(why, null, false, false);
        }
    }

    private final Database db;
    private final ChannelStore store;
    private final ChannelQueues queues;
    private final Contacts contacts;
    private final MessageService messages;
    private final ConversationService conversations;
    private final Clock clock;

    Ingest(Database db, ChannelStore store, ChannelQueues queues, Contacts contacts, MessageService messages,
           ConversationService conversations, Clock clock) {
        this.db = db;
        this.store = store;
        this.queues = queues;
        this.contacts = contacts;
        this.messages = messages;
        this.conversations = conversations;
        this.clock = clock;
    }

    /** @param receivedAt when this node took the delivery: the window never opens later than that */
    void handle(Connector connector, Inbound e, Instant receivedAt) throws InterruptedException {
        Optional<ChannelStore.Stored> found = db.read(h -> store.byExternal(h, connector.network(), e.accountExternalId()));
        if (found.isEmpty() || ChannelStore.Stored.DISCONNECTED.equals(found.get().state())) {
            LOG.info("{} delivery for an account no business has connected: dropped", connector.network().wire);
            return;
        }
        ChannelAccount channel = found.get().account();
        String key = seenKey(e);
        if (key != null && store.seen(channel.id(), key)) {
            return; // a repeated delivery
        }
        if (e.kind() == Inbound.Kind.ECHO && connector.sentByParley(e)) {
            return; // our own reply: the outbox maps its id when the send answers
        }
        ChannelStore.Contact contact = contacts.ensure(channel, e.contactExternalId());
        switch (e.kind()) {
            case ECHO -> echo(channel, contact, e);
            case REACTION -> reaction(channel, contact, e);
            case READ -> read(channel, contact, e);
            case DELETION -> deletion(channel, contact, e);
            default -> customerMessage(channel, contact, e, receivedAt);
        }
        if (key != null) {
            store.markSeen(channel.id(), key, clock.instant());
        }
        if (!contact.profileChecked()) {
            try {
                contacts.fetchProfile(connector, channel, contact);
            } catch (RuntimeException failed) {
                LOG.info("profile of a {} contact not fetched: {}", channel.network().wire, failed.toString());
            }
        }
    }

    private void customerMessage(ChannelAccount channel, ChannelStore.Contact contact, Inbound e, Instant receivedAt) {
        String text = InboundText.of(e);
        String replyTo = store.messageOf(channel.id(), e.replyToNetworkId()).orElse(null);
        // The window opens before the message shows: an agent who answers it at once finds it open.
        store.inboundAt(contact.accountId(), windowOpenedAt(e, receivedAt));
        ChannelGuard.importing(channel.id(), e.networkMessageId(), () -> messages.send(contact.accountId(), null,
                AuthorKind.PERSON, contact.conversationId(), clientId(e), text, replyTo));
    }

    /**
     * When the customer's message opens the reply window: the network's stamp, but never later than
     * this node received it. A stamp is the sender's word (a delivery stamped days ahead would
     * otherwise hold the window open past the network's 24 hours); an earlier one is kept, as a
     * delivery queued or retried for a while still opened the window when the customer wrote.
     */
    static Instant windowOpenedAt(Inbound e, Instant receivedAt) {
        return e.at() == null || e.at().isAfter(receivedAt) ? receivedAt : e.at();
    }

    /** The business's message sent from the network's own app: shown once, as the business's. */
    private void echo(ChannelAccount channel, ChannelStore.Contact contact, Inbound e) {
        if (store.messageOf(channel.id(), e.networkMessageId()).isPresent()) {
            return; // the echo of a reply Parley sent
        }
        if (queues.replyInFlight(channel.id(), contact.externalUserId(), clock.instant())) {
            throw new Later("an echo while a reply to the same person is being sent");
        }
        String text = InboundText.of(e);
        String replyTo = store.messageOf(channel.id(), e.replyToNetworkId()).orElse(null);
        ChannelGuard.importing(channel.id(), e.networkMessageId(), () -> messages.send(channel.businessId(), null,
                AuthorKind.PERSON, contact.conversationId(), clientId(e), text, replyTo));
    }

    private void reaction(ChannelAccount channel, ChannelStore.Contact contact, Inbound e) {
        Optional<String> target = store.messageOf(channel.id(), e.networkMessageId());
        if (target.isEmpty()) {
            return; // a reaction to a message Parley never saw
        }
        try {
            if (e.reaction() != null) {
                messages.react(contact.accountId(), target.get(), e.reaction(), true);
                return;
            }
            Map<String, List<String>> by = messages.reactors(contact.accountId(), target.get());
            for (Map.Entry<String, List<String>> r : by.entrySet()) {
                if (r.getValue().contains(contact.accountId())) {
                    messages.react(contact.accountId(), target.get(), r.getKey(), false);
                }
            }
        } catch (ApiException refused) {
            LOG.info("{} reaction not applied: {}", channel.network().wire, refused.code());
        }
    }

    private void read(ChannelAccount channel, ChannelStore.Contact contact, Inbound e) {
        long seq = store.messageOf(channel.id(), e.networkMessageId()).flatMap(MessageIds::parse)
                .map(MessageIds.Key::seq)
                .orElseGet(() -> conversations.conversationFor(contact.accountId(), contact.conversationId()).lastSeq());
        if (seq > 0) {
            conversations.markRead(contact.accountId(), contact.conversationId(), seq);
        }
    }

    /** The customer deleted their message on the network: it is unsent here too, whatever Parley's unsend window. */
    private void deletion(ChannelAccount channel, ChannelStore.Contact contact, Inbound e) {
        Optional<String> target = store.messageOf(channel.id(), e.networkMessageId());
        if (target.isEmpty()) {
            return;
        }
        try {
            messages.unsend(contact.accountId(), target.get());
        } catch (ApiException refused) {
            MessageIds.parse(target.get()).ifPresent(k -> messages.expire(List.of(k)));
        }
    }

    /** What drops a repeat: the kind and the network's id (a reaction also by what and when). */
    static String seenKey(Inbound e) {
        if (e.networkMessageId() == null) {
            return e.kind() == Inbound.Kind.READ && e.at() != null ? "READ:" + e.contactExternalId() + ":"
                    + e.at().toEpochMilli() : null;
        }
        String key = e.kind().name() + ":" + e.networkMessageId();
        if (e.kind() == Inbound.Kind.REACTION) {
            key += ":" + e.contactExternalId() + ":" + (e.reaction() == null ? "-" : e.reaction()) + ":"
                    + (e.at() == null ? 0 : e.at().toEpochMilli());
        }
        return key;
    }

    /** A send's client_id from the network's id, so a repeated delivery finds the message it already wrote. */
    static String clientId(Inbound e) {
        String basis = e.kind().name() + ":" + e.accountExternalId() + ":"
                + (e.networkMessageId() != null ? e.networkMessageId()
                : e.contactExternalId() + ":" + (e.at() == null ? "" : e.at().toEpochMilli()) + ":" + e.payload());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return "ch-" + HexFormat.of().formatHex(d, 0, 24);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
