package dev.parley.channels;

import dev.parley.lifecycle.Pacer;
import dev.parley.media.AttachmentView;
import dev.parley.media.Attachments;
import dev.parley.message.MessageIds;
import dev.parley.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the business's queued replies through their network's connector, on every node, each row
 * under one node's claim. The network's message id is stored beside the message, so its echo is
 * recognised. A reply with attachments goes as several of the network's messages
 * ({@link Connector#parts}); each part sent is kept, so a retry sends only the rest. Errors are the connector's, mapped by code: rate limits and temporary failures are
 * tried again (Retry-After, else doubling); a refused token marks the channel as needing a
 * re-connect; the rest fail the reply with their code ({@code GET …/channels/replies/{message}}).
 */
final class ReplySender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration CLAIM = Duration.ofMinutes(2);
    static final int MAX_ATTEMPTS = 6;
    /** How long a network may fetch a reply's file by its link (rounded up to ten minutes). */
    static final Duration LINK_LIFETIME = Duration.ofMinutes(10);

    private final Database db;
    private final ChannelStore store;
    private final ChannelQueues queues;
    private final Attachments attachments;
    private final Map<Network, Connector> connectors;
    private final Clock clock;
    private final ScheduledExecutorService loop = Pacer.loop("parley-channels-out");
    /** Every POLL while there is work; backing off to {@link Pacer#IDLE} while the queue is empty. */
    private final Pacer pacer = new Pacer(loop, POLL, Pacer.IDLE, this::drain);

    ReplySender(Database db, ChannelStore store, ChannelQueues queues, Attachments attachments,
                Map<Network, Connector> connectors, Clock clock) {
        this.db = db;
        this.store = store;
        this.queues = queues;
        this.attachments = attachments;
        this.connectors = Map.copyOf(connectors);
        this.clock = clock;
    }

    void start() {
        pacer.start(Duration.ZERO);
    }

    /** A reply was queued here: send it now rather than at the next poll. */
    void kick() {
        pacer.kick();
    }

    /** Works what is due; answers whether anything was. */
    private boolean drain() {
        boolean found = false;
        try {
            List<ChannelQueues.Claimed> claimed;
            do {
                Instant now = clock.instant();
                claimed = queues.claimReplies(10, now, now.plus(CLAIM));
                for (ChannelQueues.Claimed c : claimed) {
                    send(c);
                }
                found |= !claimed.isEmpty();
            } while (!claimed.isEmpty() && !Thread.currentThread().isInterrupted());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            found = true;
            LOG.warn("channel replies: {}", e.toString());
        }
        return found;
    }

    private void send(ChannelQueues.Claimed c) throws InterruptedException {
        ChannelQueues.Reply r = c.reply();
        Optional<ChannelStore.Stored> channel = store.byId(r.channelAccountId());
        Connector connector = channel.map(s -> connectors.get(s.account().network())).orElse(null);
        if (channel.isEmpty() || !channel.get().usable() || connector == null) {
            queues.failed(c, ChannelError.RECONNECT_NEEDED.code, clock.instant());
            return;
        }
        if (r.unsend()) {
            unsend(c, channel.get(), connector);
            return;
        }
        List<Outbound.File> files = files(r, connector.policy());
        if (r.text().isBlank() && files.isEmpty()) {
            // Nothing left to send (the files went with an unsend): say so rather than send an empty message.
            queues.failed(c, ChannelError.REFUSED.code, clock.instant());
            return;
        }
        if (!files.isEmpty() && !attachments.linksForOthers()) {
            queues.failed(c, ChannelGuard.PUBLIC_URL_MISSING, clock.instant());
            return;
        }
        List<Outbound> parts = connector.parts(new Outbound(r.contactExternalId(), r.text().isBlank() ? null : r.text(),
                files, r.byPerson(), r.humanAgent()));
        try {
            ChannelAccount[] account = {renewed(connector, channel.get(), channel.get().account(), false)};
            String first = null;
            Map<Integer, String> done = parts.size() > 1 ? queues.partsSent(r.messageId()) : Map.of();
            for (int i = 0; i < parts.size(); i++) {
                String id = done.containsKey(i) ? done.get(i) : sendOne(connector, channel.get(), account, parts.get(i));
                if (parts.size() > 1 && !done.containsKey(i)) {
                    queues.partSent(c, i, id, store);
                }
                first = first == null ? id : first;
            }
            queues.sent(c, first, store, clock.instant());
        } catch (ChannelException e) {
            failed(c, channel.get(), e);
        } catch (RuntimeException e) {
            failed(c, channel.get(), new ChannelException(ChannelError.TEMPORARY, null, null, e.toString()));
        }
    }

    /** Takes a sent reply back from the network (every part of it), where the network allows it. */
    private void unsend(ChannelQueues.Claimed c, ChannelStore.Stored channel, Connector connector) throws InterruptedException {
        List<String> ids = db.read(h -> store.onNetwork(h, c.reply().messageId())).stream()
                .map(ChannelStore.OnNetwork::networkMessageId).toList();
        try {
            connector.unsend(renewed(connector, channel, channel.account(), false), ids);
            queues.unsent(c, clock.instant());
        } catch (ChannelException e) {
            failed(c, channel, e);
        } catch (RuntimeException e) {
            failed(c, channel, new ChannelException(ChannelError.TEMPORARY, null, null, e.toString()));
        }
    }

    /** One of the network's messages; a refused token is renewed once where the network allows, then tried again. */
    private String sendOne(Connector connector, ChannelStore.Stored channel, ChannelAccount[] account, Outbound out)
            throws ChannelException, InterruptedException {
        try {
            return connector.send(account[0], out);
        } catch (ChannelException refused) {
            ChannelAccount again = refused.error == ChannelError.RECONNECT_NEEDED
                    ? renewed(connector, channel, account[0], true) : account[0];
            if (again == account[0]) {
                throw refused;
            }
            account[0] = again;
            return connector.send(again, out);
        }
    }

    /**
     * The reply's attachments as the network fetches them: each a link signed for about
     * {@link #LINK_LIFETIME} (made now, just before the network fetches it) to the file on this node.
     */
    private List<Outbound.File> files(ChannelQueues.Reply r, ReplyPolicy policy) {
        Optional<MessageIds.Key> key = MessageIds.parse(r.messageId());
        if (key.isEmpty()) {
            return List.of();
        }
        List<AttachmentView> views = db.read(h -> attachments.forOthers(h, key.get().conversationId(), key.get().seq(),
                LINK_LIFETIME));
        return views.stream().map(v -> new Outbound.File(policy.mediaFor(v.type()).map(ReplyPolicy.Media::kind).orElse("file"),
                v.type(), v.size(), v.url(), v.name())).toList();
    }

    /** The account with renewed credentials, kept in the store, when the connector renewed them; else as it was. */
    private ChannelAccount renewed(Connector connector, ChannelStore.Stored channel, ChannelAccount account, boolean refused)
            throws ChannelException, InterruptedException {
        Optional<ChannelAccount> fresh = connector.renew(account, refused);
        if (fresh.isEmpty()) {
            return account;
        }
        ChannelAccount a = fresh.get();
        store.renewed(a, channel.name(), clock.instant());
        return a;
    }

    private void failed(ChannelQueues.Claimed c, ChannelStore.Stored channel, ChannelException e) {
        Instant now = clock.instant();
        LOG.info("{} reply not sent: {} (network code {})", channel.account().network().wire, e.error.code, e.networkCode);
        if (e.error == ChannelError.RECONNECT_NEEDED) {
            store.setState(channel.account().id(), ChannelStore.Stored.NEEDS_RECONNECT, e.error.code, now);
        }
        if (e.error.retry && c.reply().attempts() + 1 < MAX_ATTEMPTS) {
            Duration wait = e.retryAfter != null ? e.retryAfter
                    : Duration.ofSeconds(1L << Math.min(c.reply().attempts() + 1, 10));
            queues.replyLater(c, e.error.code, now.plus(wait));
            return;
        }
        queues.failed(c, e.error.code, now);
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
