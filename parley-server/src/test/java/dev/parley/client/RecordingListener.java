package dev.parley.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records what a Stream delivers, in order, so tests can await a frame instead of sleeping. */
final class RecordingListener implements StreamListener {
    /** One delivered frame, in the listener's terms. */
    sealed interface Heard permits HeardEvent, HeardTyping, HeardPresence, HeardProfile, HeardSent, HeardError, HeardClose,
            HeardReconnecting, HeardReconnected {}

    record HeardEvent(Event event) implements Heard {}

    record HeardTyping(String conversationId, String accountId) implements Heard {}

    record HeardPresence(String accountId, boolean online) implements Heard {}

    record HeardProfile(String accountId) implements Heard {}

    record HeardSent(String clientId, Message message) implements Heard {}

    record HeardError(Optional<String> clientId, ParleyException problem) implements Heard {}

    record HeardClose(int code, String reason) implements Heard {}

    record HeardReconnecting(int code, String reason) implements Heard {}

    record HeardReconnected() implements Heard {}

    private final BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(Event event) {
        heard.add(new HeardEvent(event));
    }

    @Override
    public void onTyping(String conversationId, String accountId) {
        heard.add(new HeardTyping(conversationId, accountId));
    }

    @Override
    public void onPresence(String accountId, boolean online) {
        heard.add(new HeardPresence(accountId, online));
    }

    @Override
    public void onProfileChanged(String accountId) {
        heard.add(new HeardProfile(accountId));
    }

    @Override
    public void onSent(String clientId, Message message) {
        heard.add(new HeardSent(clientId, message));
    }

    @Override
    public void onError(Optional<String> clientId, ParleyException problem) {
        heard.add(new HeardError(clientId, problem));
    }

    @Override
    public void onClosed(int code, String reason) {
        heard.add(new HeardClose(code, reason));
    }

    @Override
    public void onReconnecting(int code, String reason) {
        heard.add(new HeardReconnecting(code, reason));
    }

    @Override
    public void onReconnected() {
        heard.add(new HeardReconnected());
    }

    /** The next frame of this kind that matches, skipping others; fails after 10 s. */
    <T extends Heard> T await(Class<T> kind, Predicate<T> match) {
        return await(kind, match, Duration.ofSeconds(10));
    }

    /** The next frame of this kind that matches, skipping others; fails after {@code within}. */
    <T extends Heard> T await(Class<T> kind, Predicate<T> match, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Heard h;
            try {
                h = heard.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (h == null) {
                throw new AssertionError("no " + kind.getSimpleName() + " matching within " + within.toSeconds() + " s");
            }
            if (kind.isInstance(h) && match.test(kind.cast(h))) {
                return kind.cast(h);
            }
        }
    }

    <T extends Heard> T await(Class<T> kind) {
        return await(kind, x -> true);
    }

    Event awaitEvent(String type) {
        return await(HeardEvent.class, e -> e.event().type().equals(type)).event();
    }

    /** Events of a type until {@code count} have arrived, in arrival order. */
    List<Event> awaitEvents(String type, int count) {
        List<Event> out = new ArrayList<>();
        while (out.size() < count) {
            out.add(awaitEvent(type));
        }
        return out;
    }

    /** Everything heard within the window (to assert that something did not arrive). */
    List<Heard> drain(Duration window) {
        List<Heard> out = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        try {
            Heard h;
            while ((h = heard.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
                out.add(h);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
