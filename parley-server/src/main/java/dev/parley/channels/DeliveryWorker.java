package dev.parley.channels;

import dev.parley.lifecycle.Pacer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works off the queue of verified deliveries on every node: claims due rows, parses each through
 * its network's connector and writes its events in order ({@link Ingest}). A delivery that fails
 * is tried again later (backing off); one that cannot be parsed, or keeps failing, is dropped
 * with a line in the log. The webhook nudges it, so a delivery is usually written at once.
 */
final class DeliveryWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration CLAIM = Duration.ofMinutes(2);
    static final int MAX_ATTEMPTS = 8;

    private final ChannelQueues queues;
    private final Map<Network, Connector> connectors;
    private final Ingest ingest;
    private final Clock clock;
    private final ScheduledExecutorService loop = Pacer.loop("parley-channels-in");
    /** Every POLL while there is work; backing off to {@link Pacer#IDLE} while the queue is empty. */
    private final Pacer pacer = new Pacer(loop, POLL, Pacer.IDLE, this::drain);

    DeliveryWorker(ChannelQueues queues, Map<Network, Connector> connectors, Ingest ingest, Clock clock) {
        this.queues = queues;
        this.connectors = Map.copyOf(connectors);
        this.ingest = ingest;
        this.clock = clock;
    }

    void start() {
        pacer.start(Duration.ZERO);
    }

    /** A delivery was queued: work it now rather than at the next poll. */
    void nudge() {
        pacer.kick();
    }

    /** Works what is due; answers whether anything was. */
    private boolean drain() {
        boolean found = false;
        try {
            List<ChannelQueues.Delivery> claimed;
            do {
                Instant now = Instant.now(clock);
                claimed = queues.claimDeliveries(20, now, now.plus(CLAIM));
                for (ChannelQueues.Delivery d : claimed) {
                    work(d);
                }
                found |= !claimed.isEmpty();
            } while (!claimed.isEmpty() && !Thread.currentThread().isInterrupted());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            found = true;
            LOG.warn("channel deliveries: {}", e.toString());
        }
        return found;
    }

    private void work(ChannelQueues.Delivery d) throws InterruptedException {
        Connector connector = connectors.get(d.network());
        List<Inbound> events;
        try {
            if (connector == null) {
                throw new IllegalArgumentException("no connector for " + d.network().wire);
            }
            events = connector.parse(d.body().getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException bad) {
            LOG.warn("{} delivery dropped: {}", d.network().wire, bad.getMessage());
            queues.delivered(d);
            return;
        }
        try {
            for (Inbound e : events) {
                ingest.handle(connector, e, d.receivedAt());
            }
            queues.delivered(d);
        } catch (Ingest.Later wait) {
            queues.deliveryLater(d, clock.instant().plusSeconds(1), wait.getMessage());
        } catch (RuntimeException failed) {
            if (d.attempts() + 1 >= MAX_ATTEMPTS) {
                LOG.error("{} delivery dropped after {} attempts: {}", d.network().wire, MAX_ATTEMPTS, failed.toString());
                queues.delivered(d);
            } else {
                LOG.info("{} delivery failed, tried again later: {}", d.network().wire, failed.toString());
                queues.deliveryLater(d, clock.instant().plusSeconds(1L << Math.min(d.attempts() + 1, 8)),
                        failed.toString());
            }
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
