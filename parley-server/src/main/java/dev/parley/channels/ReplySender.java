package dev.parley.channels;

import dev.parley.lifecycle.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the business's queued replies through their network's connector, on every node, each row
 * under one node's claim. The network's message id is stored beside the message, so its echo is
 * recognised. Errors are the connector's, mapped by code: rate limits and temporary failures are
 * tried again (Retry-After, else doubling); a refused token marks the channel as needing a
 * re-connect; the rest fail the reply with their code ({@code GET …/channels/replies/{message}}).
 */
final class ReplySender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration CLAIM = Duration.ofMinutes(2);
    static final int MAX_ATTEMPTS = 6;

    private final ChannelStore store;
    private final ChannelQueues queues;
    private final Map<Network, Connector> connectors;
    private final Clock clock;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
            Threads.daemon("parley-channels-out"));

    ReplySender(ChannelStore store, ChannelQueues queues, Map<Network, Connector> connectors, Clock clock) {
        this.store = store;
        this.queues = queues;
        this.connectors = Map.copyOf(connectors);
        this.clock = clock;
    }

    void start() {
        loop.scheduleWithFixedDelay(this::drain, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void drain() {
        try {
            List<ChannelQueues.Claimed> claimed;
            do {
                Instant now = clock.instant();
                claimed = queues.claimReplies(10, now, now.plus(CLAIM));
                for (ChannelQueues.Claimed c : claimed) {
                    send(c);
                }
            } while (!claimed.isEmpty() && !Thread.currentThread().isInterrupted());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("channel replies: {}", e.toString());
        }
    }

    private void send(ChannelQueues.Claimed c) throws InterruptedException {
        ChannelQueues.Reply r = c.reply();
        Optional<ChannelStore.Stored> channel = store.byId(r.channelAccountId());
        Connector connector = channel.map(s -> connectors.get(s.account().network())).orElse(null);
        if (channel.isEmpty() || !channel.get().usable() || connector == null) {
            queues.failed(c, ChannelError.RECONNECT_NEEDED.code, clock.instant());
            return;
        }
        if (r.text().isBlank()) {
            // Attachments are not sent to the networks yet: say so rather than send an empty message.
            queues.failed(c, ChannelError.REFUSED.code, clock.instant());
            return;
        }
        Outbound out = new Outbound(r.contactExternalId(), r.text(), List.of(), r.byPerson(), r.humanAgent());
        try {
            ChannelAccount account = renewed(connector, channel.get(), channel.get().account(), false);
            String id;
            try {
                id = connector.send(account, out);
            } catch (ChannelException refused) {
                // A token refused may only have run out: renew it once where the network allows, then try again.
                ChannelAccount again = refused.error == ChannelError.RECONNECT_NEEDED
                        ? renewed(connector, channel.get(), account, true) : account;
                if (again == account) {
                    throw refused;
                }
                id = connector.send(again, out);
            }
            queues.sent(c, id, store, clock.instant());
        } catch (ChannelException e) {
            failed(c, channel.get(), e);
        } catch (RuntimeException e) {
            failed(c, channel.get(), new ChannelException(ChannelError.TEMPORARY, null, null, e.toString()));
        }
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
